"""The web pages in a real browser: headless Chromium against a real `rendakb serve` on 127.0.0.1.

Needs /usr/bin/chromium and /usr/bin/chromedriver (`.ci/install-browser` apt-installs them) and
selenium (a test extra); skipped with the reason otherwise. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx
import pytest

from index.core.model import Document, make_document_id
from tests.server_util import serve

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL_HINT = "run .ci/install-browser"
SELENIUM_HINT = "pip install -e '.[test]'"

pytestmark = pytest.mark.browser

if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
    pytest.skip(f"{CHROMIUM} or {CHROMEDRIVER} is missing: {INSTALL_HINT}", allow_module_level=True)
try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as until
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - depends on the machine
    pytest.skip(f"selenium is not installed: {SELENIUM_HINT}", allow_module_level=True)

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # /dev/shm is small in containers
    "--window-size=1280,900",
    "--lang=zh-CN",
)
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}

HOSTILE_TITLE = "<script>alert('title')</script>标记测试文件"
HOSTILE_BODY = """\
一、总体要求

<script>alert("body")</script>正文里的<img src=x onerror=alert(2)>标记必须原样显示。

二、工作任务

（一）<b>加粗</b>不应生效，<a href="javascript:alert(3)">链接</a>不应可点。
责任单位：县人大办公室
"""


@pytest.fixture(scope="module")
def corpus(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample corpus plus one document whose title and text are markup."""
    from index.corpus import write_document

    target = tmp_path_factory.mktemp("browser") / "corpus"
    shutil.copytree(sample_corpus, target)
    source = "hostile-markup.txt"
    doc = Document(
        id=make_document_id(source, HOSTILE_TITLE),
        title=HOSTILE_TITLE,
        body=HOSTILE_BODY,
        region="测试县",
        level="county",
        published="2022-01-01",
        source=source,
    )
    write_document(target, doc)
    return target, doc.id


@pytest.fixture(scope="module")
def base_url(corpus: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample corpus plus the hostile document, served by `rendakb serve`, which indexes it on first run."""
    work = tmp_path_factory.mktemp("browser-serve")
    yield from serve(corpus[0], work / "index", work / "serve.log")


@pytest.fixture(scope="module")
def bundled_url(bundled_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled corpus as a new user serves it (README's first command), on the index the suite builds once."""
    log = tmp_path_factory.mktemp("browser-bundled") / "serve.log"
    yield from serve(REPO / "corpus", bundled_index, log)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    # The system chromedriver matches the system chromium, so selenium never looks for one online.
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture
def desktop(browser: WebDriver) -> WebDriver:
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return browser


@pytest.fixture
def phone(browser: WebDriver) -> Iterator[WebDriver]:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def wait_for(driver: WebDriver, css: str, timeout: float = 15) -> None:
    WebDriverWait(driver, timeout).until(until.presence_of_element_located((By.CSS_SELECTOR, css)))


def screenshot(driver: WebDriver, name: str) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def assert_nothing_ran(driver: WebDriver) -> None:
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        pass
    else:  # pragma: no cover - only when escaping is broken
        text = alert.text
        alert.dismiss()
        pytest.fail(f"a script in crawled text or the query ran: alert({text!r})")
    assert driver.execute_script("return document.scripts.length") == 0


def test_search_then_filter_by_a_facet(desktop: WebDriver, base_url: str) -> None:
    desktop.get(base_url + "/")
    box = desktop.find_element(By.ID, "q")
    box.send_keys("人大常委会", Keys.ENTER)
    wait_for(desktop, "article.hit")
    assert "个条款" in desktop.find_element(By.CSS_SELECTOR, ".summary").text
    facet = desktop.find_element(By.CSS_SELECTOR, "[data-facet=region] li a")
    region = facet.text
    facet.click()
    wait_for(desktop, ".active-filters a.chip")
    assert region in desktop.find_element(By.CSS_SELECTOR, ".active-filters").text
    regions = {m.text for m in desktop.find_elements(By.CSS_SELECTOR, "article.hit .meta span:first-child")}
    assert regions == {region}
    screenshot(desktop, "search-filtered-desktop")


def test_open_a_document_at_a_clause_anchor(desktop: WebDriver, base_url: str) -> None:
    desktop.get(base_url + "/search?q=预决算审查监督")
    wait_for(desktop, "article.hit")
    path_link = desktop.find_element(By.CSS_SELECTOR, "article.hit .path a")
    path = path_link.text
    path_link.click()
    wait_for(desktop, ".clause:target")
    assert unquote(urlsplit(desktop.current_url).fragment) == path
    target = desktop.find_element(By.CSS_SELECTOR, ".clause:target")
    assert target.get_attribute("id") == path
    top = desktop.execute_script("return arguments[0].getBoundingClientRect().top", target)
    assert 0 <= top < desktop.execute_script("return window.innerHeight"), "the browser scrolled to the clause"
    assert "县财政局" in target.find_element(By.CSS_SELECTOR, "aside.assignment").text
    screenshot(desktop, "document-at-clause-desktop")
    # The outline links are the same anchors.
    outline = desktop.find_element(By.CSS_SELECTOR, ".outline a")
    outline.click()
    assert desktop.find_element(By.CSS_SELECTOR, ".clause:target").get_attribute("id") == unquote(
        urlsplit(outline.get_attribute("href")).fragment
    )


def in_view(driver: WebDriver, element) -> bool:
    """On the first screen, without scrolling: displayed and inside the viewport."""
    top, bottom = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom]", element
    )
    return element.is_displayed() and top >= 0 and bottom <= driver.execute_script("return window.innerHeight")


def ask_from_home(driver: WebDriver, base: str, question: str) -> dict:
    """The done-when's two actions: on the home page type into the box that has the focus, press Enter."""
    driver.get(base + "/")
    box = driver.switch_to.active_element  # no click: the search box has the focus on arrival
    assert box.get_attribute("id") == "q"
    box.send_keys(question)  # action 1
    box.send_keys(Keys.ENTER)  # action 2
    wait_for(driver, "section.answer")
    answer = driver.find_element(By.CSS_SELECTOR, "section.answer")
    return {
        div.find_element(By.TAG_NAME, "dt").text: div.find_element(By.TAG_NAME, "dd")
        for div in answer.find_elements(By.CSS_SELECTOR, "dl.roles > div")
    }


def assert_budget_review_answer(driver: WebDriver, roles: dict) -> None:
    assert "县人大财政经济委员会" in roles["牵头"].text
    assert "县财政局" in roles["配合"].text and "县审计局" in roles["配合"].text
    assert in_view(driver, roles["牵头"]) and in_view(driver, roles["配合"]), "the answer is on the first screen"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_who_is_responsible_in_two_actions_from_home(request, base_url: str, viewport: str) -> None:
    driver: WebDriver = request.getfixturevalue(viewport)
    assert_budget_review_answer(driver, ask_from_home(driver, base_url, "预决算审查监督"))
    screenshot(driver, f"answer-from-home-{viewport}")


@pytest.mark.slow
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_done_when_on_the_bundled_corpus(request, bundled_url: str, viewport: str) -> None:
    """What a new user gets after the README's first command: all 371 documents, the same two actions."""
    driver: WebDriver = request.getfixturevalue(viewport)
    assert_budget_review_answer(driver, ask_from_home(driver, bundled_url, "预决算审查监督"))
    screenshot(driver, f"bundled-answer-from-home-{viewport}")


def test_ask_who_is_responsible(desktop: WebDriver, base_url: str) -> None:
    desktop.get(base_url + "/who")
    who = desktop.find_element(By.CSS_SELECTOR, "form[action='/who'] input[name=q]")
    assert desktop.switch_to.active_element == who, "the 谁负责 page focuses its box"
    who.send_keys("预决算审查监督", Keys.ENTER)
    wait_for(desktop, "table.who-table tbody tr")
    first = desktop.find_element(By.CSS_SELECTOR, "table.who-table tbody tr")
    assert "县人大财政经济委员会" in first.find_element(By.CSS_SELECTOR, "td[data-label=牵头单位]").text
    coop = first.find_element(By.CSS_SELECTOR, "td[data-label=配合单位]").text
    assert "县财政局" in coop and "县审计局" in coop
    path = first.find_element(By.CSS_SELECTOR, "td[data-label=条款] a")
    assert path.text == "二、（二）1.（1）"
    screenshot(desktop, "who-desktop")


def test_who_answers_put_the_units_first_on_a_phone(phone: WebDriver, base_url: str) -> None:
    phone.get(base_url + "/who?q=预决算审查监督")
    wait_for(phone, "table.who-table tbody tr")
    row = phone.find_element(By.CSS_SELECTOR, "table.who-table tbody tr")

    def top(label: str) -> float:
        cell = row.find_element(By.CSS_SELECTOR, f"td[data-label={label}]")
        return phone.execute_script("return arguments[0].getBoundingClientRect().top", cell)

    assert top("牵头单位") < top("配合单位") < top("内容")


def test_follow_a_unit_link(desktop: WebDriver, base_url: str) -> None:
    desktop.get(base_url + "/who?q=预决算审查监督")
    wait_for(desktop, "table.who-table a.unit")
    desktop.find_element(By.LINK_TEXT, "县财政局").click()
    wait_for(desktop, "section.unit-doc")
    assert "财政局" in desktop.find_element(By.TAG_NAME, "h1").text
    assert desktop.find_elements(By.CSS_SELECTOR, ".task .badge")
    screenshot(desktop, "unit-desktop")


@pytest.mark.parametrize(
    "query", ["<script>alert(1)</script>", "\"预算 “人大 '<img src=x onerror=alert(1)>"], ids=["script", "quotes"]
)
def test_a_hostile_query_runs_nothing(desktop: WebDriver, base_url: str, query: str) -> None:
    desktop.get(base_url + "/")
    desktop.find_element(By.ID, "q").send_keys(query, Keys.ENTER)
    wait_for(desktop, "main .notice, main .results")
    assert_nothing_ran(desktop)
    assert desktop.find_element(By.ID, "q").get_attribute("value") == query
    assert not desktop.find_elements(By.CSS_SELECTOR, "main img")
    screenshot(desktop, f"hostile-query-{len(query)}-desktop")


def test_a_document_with_markup_shows_it_as_text(desktop: WebDriver, base_url: str, corpus: tuple[Path, str]) -> None:
    _, doc_id = corpus
    desktop.get(f"{base_url}/documents/{doc_id}")
    wait_for(desktop, ".doc-text")
    assert_nothing_ran(desktop)
    assert desktop.find_element(By.TAG_NAME, "h1").text == HOSTILE_TITLE
    text = desktop.find_element(By.CSS_SELECTOR, ".doc-text").text
    assert '<script>alert("body")</script>' in text and "<b>加粗</b>" in text
    assert not desktop.find_elements(By.CSS_SELECTOR, ".doc-text img, .doc-text b, .doc-text a[href^=javascript]")
    screenshot(desktop, "hostile-document-desktop")


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("home", "/"),
        ("search", "/search?q=预算审查"),
        ("search-facets", "/search?q=人大常委会"),
        ("who", "/who?q=预决算审查监督"),
        ("unit", "/units/县财政局"),
        ("units", "/units"),
        ("documents", "/documents"),
        ("document", None),
        ("not-found", "/documents/no-such-document"),
        ("compare", "/compare?topic=常委会会议频次"),
    ],
)
def test_readable_at_phone_width(phone: WebDriver, base_url: str, name: str, url: str | None) -> None:
    if url is None:
        phone.get(base_url + "/search?q=预决算审查监督")
        url = phone.find_element(By.CSS_SELECTOR, "article.hit .path a").get_attribute("href").removeprefix(base_url)
    phone.get(base_url + url)
    wait_for(phone, "main")
    assert phone.execute_script("return window.innerWidth") == PHONE["width"]
    # Nothing wider than the screen: no sideways scrolling to read a clause or a table.
    overflow = phone.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url} is {overflow}px wider than the phone"
    # Every asset came from this server: nothing from a CDN or any other host.
    loaded = phone.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(u.startswith(base_url + "/") for u in loaded), loaded
    screenshot(phone, f"{name}-phone")


def test_the_api_docs_render_offline(desktop: WebDriver, base_url: str) -> None:
    """Swagger UI comes from the server and reads FastAPI's OpenAPI 3.1: the API is browsable on a closed network."""
    desktop.get(base_url + "/docs")
    wait_for(desktop, ".opblock-summary-path")
    paths = {e.text for e in desktop.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert "/api/responsibility" in paths
    loaded = desktop.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(u.startswith(base_url + "/") for u in loaded), loaded


def test_compare_a_topic_download_the_handout_and_open_a_clause(desktop: WebDriver, base_url: str) -> None:
    desktop.get(base_url + "/")
    desktop.find_element(By.LINK_TEXT, "地区比较").click()
    wait_for(desktop, "input#topic")
    box = desktop.switch_to.active_element
    assert box.get_attribute("id") == "topic"
    box.send_keys("常委会会议频次", Keys.ENTER)
    wait_for(desktop, ".compare-table tbody tr")
    regions = [th.text for th in desktop.find_elements(By.CSS_SELECTOR, ".compare-table tbody th[scope=row]")]
    assert "渭源县" in regions and len(regions) >= 2
    screenshot(desktop, "compare-desktop")
    # The handout form as the browser would submit it.
    query = desktop.execute_script(
        "return new URLSearchParams(new FormData(document.getElementById('handout'))).toString()"
    )
    download = httpx.get(f"{base_url}/api/export?{query}", timeout=30)
    assert download.status_code == 200 and download.content[:2] == b"PK", query
    link = desktop.find_element(By.CSS_SELECTOR, ".compare-table .finding > a")
    path = unquote(urlsplit(link.get_attribute("href")).fragment)
    link.click()
    wait_for(desktop, ".clause:target")
    assert desktop.find_element(By.CSS_SELECTOR, ".clause:target").get_attribute("id") == path
