"""The step-through page (graph --format html) in Debian's headless Chromium, offline:
what a person sees at a step, stepping with the keys, hover, predict mode, and that the
page neither logs an error nor asks the network for anything."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from gradcli.cli import main

from conftest import LECTURE_POINT, SIGMOID_CIRCUIT
from support import require_program


def write_page(path, *args) -> str:
    result = CliRunner().invoke(main, ["graph", *args, "--format", "html", "-o", str(path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path.as_uri()


@pytest.fixture(scope="module")
def browser():
    chromium, driver_path = require_program("chromium"), require_program("chromedriver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1200,900", "--host-resolver-rules=MAP * ~NOTFOUND",
                 "--no-first-run", "--disable-extensions", "--disable-background-networking"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    return {
        "sigmoid": write_page(folder / "sigmoid.html", SIGMOID_CIRCUIT, *LECTURE_POINT,
                              "--digits", "2"),
        "predict": write_page(folder / "predict.html", "(x+y)*z", "--x", "-2", "--y", "5",
                              "--z", "-4", "--predict"),
    }


def open_at(browser, url: str, fragment: str = ""):
    browser.get("about:blank")  # a fresh load each time, so the fragment is read at start
    browser.get(url + fragment)
    return browser.find_element("tag name", "body")


def shown(browser, css: str) -> list[str]:
    """The texts of the matching SVG labels that are displayed."""
    return [e.text for e in browser.find_elements("css selector", css) if e.is_displayed()]


def test_step_0_shows_the_inputs_only(browser, pages):
    body = open_at(browser, pages["sigmoid"], "#step=0")
    assert "Step 0 of 17 (inputs)" in body.text
    assert "Inputs: w0 = 2, x0 = -1, w1 = -3, x1 = -2, w2 = -3" in body.text
    assert shown(browser, "#wire-0 .value") == ["2"]
    assert shown(browser, ".grad") == []  # not rendered, not merely transparent
    assert "0.73" not in body.text


def test_a_middle_backward_step_shows_upstream_times_local(browser, pages):
    body = open_at(browser, pages["sigmoid"], "#step=12")
    assert "Step 12 of 17 (backward)" in body.text
    assert "n6 = e^n5 (gate exp)" in body.text
    assert "n5: [-0.53] × [0.37] = -0.2" in body.text
    # the gradients from the output back to n5 are shown, none further back
    assert sorted(shown(browser, ".grad")) == sorted(["1", "-0.53", "-0.53", "-0.2"])
    assert "current" in browser.find_element("css selector", "[data-node=n6]").get_attribute("class")


def test_the_end_shows_every_gradient(browser, pages):
    body = open_at(browser, pages["sigmoid"], "#step=end")
    assert "Step 17 of 17 (backward)" in body.text
    assert ("Gradients of f: ∂f/∂w0 = -0.2, ∂f/∂x0 = 0.39, ∂f/∂w1 = -0.39, ∂f/∂x1 = -0.59, "
            "∂f/∂w2 = 0.2") in body.text
    assert len(shown(browser, ".grad")) == len(browser.find_elements("css selector", ".grad"))
    assert browser.execute_script("return location.hash") == "#step=17"


def test_arrow_keys_home_and_end_step_and_update_the_fragment(browser, pages):
    from selenium.webdriver.common.keys import Keys

    body = open_at(browser, pages["sigmoid"])
    for _ in range(3):
        body.send_keys(Keys.ARROW_RIGHT)
    assert "Step 3 of 17 (forward)" in body.text
    assert "Forward: n3 = n1 + n2 = -2 + 6 = 4" in body.text
    assert browser.execute_script("return location.hash") == "#step=3"
    body.send_keys(Keys.ARROW_LEFT)
    assert "Step 2 of 17" in body.text
    body.send_keys(Keys.END)
    assert "Step 17 of 17" in body.text
    body.send_keys(Keys.HOME)
    assert "Step 0 of 17" in body.text and shown(browser, ".grad") == []


def test_hovering_a_gate_shows_its_local_gradient_here(browser, pages):
    from selenium.webdriver import ActionChains

    open_at(browser, pages["sigmoid"], "#step=3")
    gate = browser.find_element("css selector", "[data-node=n6] rect")
    ActionChains(browser).move_to_element(gate).perform()
    info = browser.find_element("id", "info").text
    assert "gate exp (node n6): e^n5" in info
    assert "local gradient ∂n6/∂n5 = e^n5 = 0.37" in info


def test_predict_mode_rejects_a_wrong_value_and_accepts_the_right_one(browser, pages):
    body = open_at(browser, pages["predict"], "#step=0")
    assert "Predict the value of n1" in body.text
    answer = browser.find_element("id", "answer-0")
    answer.send_keys("-7\n")  # x + y = 3
    assert ("✗ Wrong. value of n1: not -7 (at n1 (`+`), the forward value is not what the gate "
            "gives for its inputs: recompute it from the values on its input wires)") in body.text
    assert "Step 0 of 5" in body.text
    answer.clear()
    answer.send_keys("3\n")
    assert "✓ Right" in body.text
    assert "Step 1 of 5 (forward)" in body.text
    assert "Predict the value of f" in body.text


def test_predict_mode_asks_for_the_gradients_too(browser, pages):
    body = open_at(browser, pages["predict"], "#step=3")
    assert "Predict the gradient from f back to n1" in body.text
    assert "Predict the gradient from f back to z" in body.text
    browser.find_element("id", "answer-0").send_keys("-4")
    second = browser.find_element("id", "answer-1")
    second.send_keys("-4\n")  # z's own value: the multiply gate not swapped
    assert ("✗ Wrong. gradient from f back to z: not -4 (at f (`*`), the local gradient for one "
            "input is the other input's value: the multiply gate swaps)") in body.text
    second.clear()
    second.send_keys("3\n")
    assert "✓ Right" in body.text and "Step 4 of 5" in body.text
    assert "n1: [1] × [-4] = -4" in body.text


def test_printing_shows_the_final_state_without_the_buttons(browser, pages):
    open_at(browser, pages["sigmoid"], "#step=0")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        grads = browser.find_elements("css selector", ".grad")
        assert len(shown(browser, ".grad")) == len(grads) == 13
        assert not browser.find_element("id", "next").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown(browser, ".grad") == []  # on screen, step 0 again


def test_gates_are_reached_with_the_tab_key(browser, pages):
    from selenium.webdriver.common.keys import Keys

    body = open_at(browser, pages["sigmoid"], "#step=0")
    for _ in range(3):  # Next and Last (First and Back are disabled at step 0), then a gate
        body = browser.switch_to.active_element
        body.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("data-node") == "n1"
    assert "gate * (node n1): w0 * x0" in browser.find_element("id", "info").text


def test_at_200_percent_zoom_only_the_circuit_scrolls_sideways(browser, pages):
    width = browser.get_window_size()["width"]
    browser.set_window_size(width // 2, 900)  # half the CSS pixels: what 200 % zoom gives
    try:
        body = open_at(browser, pages["sigmoid"], "#step=end")
        page, view = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        assert page <= view  # the text wraps; the page itself never scrolls sideways
        figure = browser.find_element("css selector", ".figure")
        assert browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth",
                                      figure)
        assert "∂f/∂w2 = 0.2" in body.text
    finally:
        browser.set_window_size(width, 900)


def test_no_console_error_and_no_network_request(browser, pages):
    browser.get_log("browser"), browser.get_log("performance")  # drop earlier tests' entries
    open_at(browser, pages["sigmoid"], "#step=5")
    open_at(browser, pages["predict"], "#step=end")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    assert urls and all(u.startswith(("file://", "about:", "data:")) for u in urls), urls
    assert {u.split("#")[0] for u in urls if u.startswith("file://")} == {
        pages["sigmoid"], pages["predict"]}
