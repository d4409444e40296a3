"""Checks every page gets: no console errors, no critical or serious axe violations, a screenshot."""
import json
import time

from axe_selenium_python import Axe


# Answers of 400 and over the page's own requests got (resource timing), read and then cleared.
FAILED_LOADS = """
const failed = performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
  .filter(e => e.responseStatus >= 400).map(e => e.name + ' answered ' + e.responseStatus);
performance.clearResourceTimings();
return failed;
"""


def console_errors(driver, allowed=()):
    """Console entries at error level since the last call (reading the log empties it).
    Chromium: its browser log, which also has failed loads (a missing favicon). Firefox: the
    console messages and uncaught errors WebDriver BiDi reported, and the page's failed loads."""
    if hasattr(driver, "console_entries"):
        entries = [entry for entry in driver.console_entries if entry["level"] == "error"]
        driver.console_entries.clear()
        entries += [{"level": "error", "message": text} for text in driver.execute_script(FAILED_LOADS)]
    else:
        entries = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    return [entry for entry in entries if not any(text in entry["message"] for text in allowed)]


def check_page(driver, output, name, allowed_console=()):
    driver.save_screenshot(str(output / f"{name}.png"))
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    (output / f"{name}-axe.json").write_text(json.dumps(results["violations"], indent=1))
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results["violations"] if v["impact"] in ("critical", "serious")]
    assert not bad, f"{name}: axe violations {bad}"
    errors = console_errors(driver, allowed_console)
    assert not errors, f"{name}: console errors {errors}"


def wait_for(driver, script, what, timeout=60, *args):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = driver.execute_script(script, *args)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
