"""The cycle board in Chromium: a whole coaching cycle built on the page, a stale write
refused with 409 and said so, and the packet downloaded as a zip."""
import io
import json
import time
import urllib.request
import zipfile

from selenium.webdriver.common.by import By

from pages import check_page, wait_for
from test_studio import lesson_id, press, seek


def put_json(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="PUT",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def type_into(element, text):
    element.clear()
    element.send_keys(text)


def state(browser):
    return browser.find_element(By.ID, "state").get_attribute("data-state")


def test_a_whole_cycle_on_the_board(browser, studio, output):
    lesson = lesson_id(studio)
    browser.get(studio.origin + f"/studio/cycle.html?lesson={lesson}")
    wait_for(browser, "return !document.getElementById('start').hidden", "the start form")
    type_into(browser.find_element(By.ID, "teacher"), "Ms Lee")
    type_into(browser.find_element(By.ID, "grade"), "4")
    browser.execute_script("document.getElementById('focus-1').value = 'richness.explanations'")
    browser.find_element(By.ID, "start-cycle").click()
    wait_for(browser, "return document.getElementById('state').dataset.state === 'planned'", "the new cycle")
    cycle_id = int(browser.current_url.split("cycle=")[1])
    wait_for(browser, "return document.querySelectorAll('#suggestions li').length > 0", "the suggestions panel")
    check_page(browser, output, "studio-cycle-start")

    # Teacher clip 1 from the range marked on the lesson page, clip 2 typed as times,
    # the library clip found in the search panel.
    browser.get(studio.origin + f"/studio/lesson.html?id={lesson}")
    wait_for(browser, "return document.getElementById('player').readyState >= 1", "the lesson page")
    browser.execute_script("document.activeElement.blur()")
    for key, at in (("i", 10), ("o", 45)):
        seek(browser, at)
        press(browser, key)
    browser.find_element(By.ID, "cycle-link").click()
    wait_for(browser, "return document.querySelector('#lesson-clips li.marked')", "the marked range on the board")
    marked = browser.find_element(By.CSS_SELECTOR, "#lesson-clips li.marked")
    assert "0:10–0:45" in marked.text, marked.text
    marked.find_element(By.XPATH, ".//button[contains(., 'use as clip 1')]").click()
    assert browser.find_element(By.CSS_SELECTOR, "#teacher-1 .start").get_attribute("value") == "0:10"
    box = browser.find_element(By.ID, "teacher-2")
    type_into(box.find_element(By.CSS_SELECTOR, ".start"), "1:30")
    type_into(box.find_element(By.CSS_SELECTOR, ".end"), "2:05")
    browser.find_element(By.ID, "search").click()
    wait_for(browser, "return document.querySelectorAll('#library-results button.choose').length > 0", "library results")
    results = browser.find_element(By.ID, "library-results").text
    assert "b" in results and "richness.explanations high" in results, results
    assert "Mr Other" not in results
    browser.find_element(By.CSS_SELECTOR, "#library-results button.choose").click()
    browser.find_element(By.ID, "pick-clips").click()
    wait_for(browser, "return document.getElementById('state').dataset.state === 'clips-chosen'", "the pick", 120)
    wait_for(browser, "return document.querySelectorAll('.note-card').length === 3", "three note cards")

    # Notes saved as typed.
    for number in (1, 2, 3):
        card = browser.find_element(By.CSS_SELECTOR, f".note-card[data-clip='{number}']")
        for field, text in (("describe", f"Clip {number}: students explain"), ("elevate", "ask why it works"),
                            ("nextSteps", "plan one why-question")):
            card.find_element(By.CSS_SELECTOR, f"textarea[data-field='{field}']").send_keys(text)
        wait_for(browser, f"return document.querySelector(\".note-card[data-clip='{number}'] .note-status\").textContent === 'Saved.'",
                 f"note {number} saved")
    assert state(browser) == "conversation-held"

    # A colleague changes the cycle meanwhile: the page's next write is refused and says so.
    current = studio.get(f"/api/cycles/{cycle_id}")
    put_json(studio.origin + f"/api/cycles/{cycle_id}/notes/1",
             {"revision": current["revision"], "describe": "colleague's words", "elevate": "e", "nextSteps": "n"})
    card = browser.find_element(By.CSS_SELECTOR, ".note-card[data-clip='2']")
    card.find_element(By.CSS_SELECTOR, "textarea[data-field='describe']").send_keys(" (more)")
    wait_for(browser, "return document.querySelector(\".note-card[data-clip='2'] .note-status\").textContent.includes('changed meanwhile')",
             "the stale write refused")
    browser.save_screenshot(str(output / "studio-cycle-stale.png"))
    browser.refresh()
    wait_for(browser, "return document.querySelectorAll('.note-card').length === 3", "the reloaded board")
    first_note = browser.find_element(By.CSS_SELECTOR, ".note-card[data-clip='1'] textarea[data-field='describe']")
    assert first_note.get_attribute("value") == "colleague's words"

    # Plan, close, packet.
    type_into(browser.find_element(By.ID, "goals"), "Ask one why-question per problem\nWait for two explanations")
    browser.execute_script("document.getElementById('next-focus').value = 'richness.language'")
    browser.find_element(By.ID, "save-plan").click()
    wait_for(browser, "return document.getElementById('state').dataset.state === 'action-plan-set'", "the plan")
    browser.find_element(By.ID, "close-cycle").click()
    wait_for(browser, "return document.getElementById('state').dataset.state === 'closed'", "the closed cycle")
    check_page(browser, output, "studio-cycle", allowed_console=(f"/api/cycles/{cycle_id}/notes/2",))

    href = browser.find_element(By.ID, "packet").get_attribute("href")
    started = time.time()
    with urllib.request.urlopen(href, timeout=120) as response:
        assert response.headers["Content-Type"] == "application/zip"
        assert "attachment" in response.headers["Content-Disposition"]
        data = response.read()
    packet = zipfile.ZipFile(io.BytesIO(data))
    assert packet.testzip() is None
    names = set(packet.namelist())
    for name in ("index.html", "cycle.json", "clips/clip-1.mp4", "clips/clip-2.mp4", "clips/clip-3.mp4"):
        assert f"cycle-{cycle_id}/{name}" in names, names
    document = json.loads(packet.read(f"cycle-{cycle_id}/cycle.json"))
    assert "Ask one why-question per problem" in json.dumps(document)
    (output / f"cycle-{cycle_id}-packet.zip").write_bytes(data)
    print(f"packet: {len(data) // 1024} KiB in {time.time() - started:.1f} s")
