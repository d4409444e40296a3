"""The review page (`clipcoach review serve`) in Chromium: it loads, the video plays and seeks,
and an annotation made with the page's keys and buttons lands in the sidecar on disk.
(Moved here from Tests/ReviewServerTests/ReviewBrowserTests.swift's DevTools client.)"""
import json

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from conftest import Server
from pages import check_page, wait_for


@pytest.fixture(scope="module")
def review(library, studio):
    # The studio has catalogued the lessons folder (clip `a` in it); review serve opens that catalog.
    server = Server("review", "serve", "--catalog", str(library["catalog"]))
    yield server
    server.stop()


def test_review_list_page(browser, review, output):
    browser.get(review.url)
    wait_for(browser, "return document.querySelectorAll('#clips li').length > 0", "the clip list")
    check_page(browser, output, "review-list")


def test_clip_page_plays_seeks_and_annotates(browser, review, library, output):
    clip = next(c for c in review.get("/api/clips") if c["label"] == "a")
    browser.get(review.origin + f"/clip.html?id={clip['id']}")
    wait_for(browser, "return document.querySelectorAll('#annotations article').length > 0", "the annotations")
    wait_for(browser, "return document.getElementById('player').readyState >= 2", "the video to load")

    # Play: the clock must move.
    browser.execute_async_script("const done = arguments[arguments.length - 1]; const p = document.getElementById('player');"
                                 "p.muted = true; p.play().then(() => done(true), e => done(String(e)));")
    first = browser.execute_script("return document.getElementById('player').currentTime")
    wait_for(browser, f"return document.getElementById('player').currentTime > {first} + 0.5", "the video to play", 20)
    second = browser.execute_script("return document.getElementById('player').currentTime")
    assert second > first + 0.3

    # Clicking the evidence moment (0:05) seeks the player there.
    after_seek = browser.execute_script("document.querySelector('#annotations .moment').click();"
                                        "return document.getElementById('player').currentTime;")
    assert abs(after_seek - 5) < 0.01, after_seek
    browser.execute_script("document.getElementById('player').pause()")
    wait_for(browser, "return !document.getElementById('player').seeking", "the seek")

    # Annotate with the page's own controls and keys.
    person = browser.find_element(By.ID, "person")
    person.clear()
    person.send_keys("Browser Rater")
    browser.execute_script("const code = document.getElementById('code'); code.value = 'richness.language';"
                           "code.dispatchEvent(new Event('change', {bubbles: true}));")
    browser.find_element(By.ID, "note").send_keys("said 'denominator' precisely")
    browser.execute_script("document.activeElement.blur()")
    ActionChains(browser).send_keys("3").send_keys("m").perform()
    wait_for(browser, "return document.querySelector('.score-choice.chosen') &&"
             " document.querySelectorAll('#moments .chip').length === 1", "the score and the moment")
    browser.find_element(By.ID, "save").click()
    wait_for(browser, "return document.getElementById('form-status').textContent.startsWith('Saved')", "the save")
    browser.execute_script("window.scrollTo(0, 0)")
    check_page(browser, output, "review-clip")

    sidecar = json.loads((library["clips"] / "a.json").read_text())
    made = [a for a in sidecar["annotations"] if a["rater"] == "Browser Rater"]
    assert len(made) == 1, sidecar["annotations"]
    assert made[0]["code"] == "richness.language"
    assert made[0]["score"] == "mid", "key 3 chose the third score point"
    assert len(made[0]["evidence"]) == 1
    assert made[0]["note"] == "said 'denominator' precisely"
