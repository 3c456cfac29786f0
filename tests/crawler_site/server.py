"""The fixture website served on loopback: two virtual sites, every request recorded.

`start_sites()` binds 127.0.0.1 and 127.0.0.2 on free ports (Scrapy's MockServer pattern).
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import site as content
from .site import Article, etag_of, render_article, render_list, repost_of, trs_pager

LAST_MODIFIED = "Wed, 10 May 2023 08:00:00 GMT"
JIASULE = (
    "<html><body><script>document.cookie=('_')+('_')+('jsl_clearance')+('=')+(1716000000)+'.123|0|'"
    "+'abc';location.href=location.pathname+location.search</script></body></html>"
)
SOFT_404 = (
    "<html><head><meta charset='utf-8'><title>提示信息</title></head><body><div class='err'>"
    "<img src='/images/404.png'><p>对不起，您访问的页面不存在或已被删除！</p><a href='/'>返回首页</a></div></body></html>"
)


@dataclass
class Seen:
    host: str  # the Host header
    path: str
    headers: dict[str, str]
    time: float  # time.monotonic() on arrival
    done: float = 0.0  # time.monotonic() once the answer was sent (or given up)
    # time.monotonic() just before the first byte of a whole answer is written: unlike `done`, it
    # always precedes the client's next request on that connection, whatever the threads' timing.
    answering: float = 0.0


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    location: str = ""
    behaviour: str = ""
    etag: bool = False
    headers: tuple[tuple[str, str], ...] = ()


class FixtureSite:
    """One virtual site: its routes and the requests it saw."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.address = ""  # host:port once bound
        self.server: ThreadingHTTPServer | None = None

    def hit(self, path: str) -> int:
        with self.lock:
            self.counts[path] += 1
            return self.counts[path]

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


class Handler(BaseHTTPRequestHandler):
    server_version = "nginx"
    sys_version = ""

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    @property
    def site(self) -> FixtureSite:
        return self.server.site  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        seen = Seen(self.headers.get("Host", ""), self.path, dict(self.headers.items()), time.monotonic())
        self.site.requests.append(seen)
        self._seen = seen
        try:
            self._answer()
        finally:
            seen.done = time.monotonic()

    def _answer(self) -> None:
        site = self.site
        count = site.hit(self.path)
        route = site.routes.get(self.path)
        if route is None:
            return self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>")
        odd = count % 2 == 1  # flaky pages fail on every other request, so each crawl meets it once
        behaviour = route.behaviour
        if behaviour == "500" and odd:
            return self._send(500, b"<h1>500 Internal Server Error</h1>")
        if behaviour == "503" and odd:
            return self._send(503, b"busy", headers=(("Retry-After", "1"),))
        if behaviour == "429" and odd:
            return self._send(429, b"too many", headers=(("Retry-After", "1"),))
        if behaviour == "reset" and odd:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return None
        if behaviour == "robots503" and count == 1:
            return self._send(503, b"busy")
        if behaviour == "stall":  # nothing at all for 3 s
            time.sleep(3)
            return self._send(200, b"late")
        if behaviour == "slow":  # a slow but complete answer
            time.sleep(0.2)
            return self._send(200, "<html><body>慢</body></html>".encode())
        if behaviour == "trickle":
            return self._trickle()
        if behaviour == "nolength":  # no Content-Length: only counting the bytes finds it too big
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(40):
                    self.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass
            return None
        if behaviour == "huge":  # announces 20 MB, sends 600 KB
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(20 * 1024 * 1024))
                self.end_headers()
                self.wfile.write(b"<html>" + b"x" * (600 * 1024))
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass
            return None
        if route.location:
            return self._send(route.status, b"", headers=(("Location", route.location),))
        headers = list(route.headers)
        if route.etag:
            tag = etag_of(route.body)
            headers += [("ETag", tag), ("Last-Modified", LAST_MODIFIED)]
            if self.headers.get("If-None-Match") == tag:
                return self._send(304, b"", headers=tuple(headers), content_type="")
        return self._send(route.status, route.body, headers=tuple(headers), content_type=route.content_type)

    def _send(self, status: int, body: bytes, headers: tuple[tuple[str, str], ...] = (),
              content_type: str = "text/html; charset=utf-8") -> None:
        self._seen.answering = time.monotonic()
        try:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for name, value in headers:
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _trickle(self) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(40):  # 8 s in all: far past any test deadline
                self.wfile.write(b"<p>" + "数据".encode() * 5 + b"</p>")
                self.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass


def page(body: bytes, content_type: str = "text/html; charset=utf-8", etag: bool = False) -> Route:
    return Route(body=body, content_type=content_type, etag=etag)


def build_main(site: FixtureSite, other: FixtureSite, version: int = 1) -> None:
    """The main site: home, three TRS list pages, a Hanweb column, a 政务公开 list, articles, traps."""
    articles = content.main_articles(version)
    by_path = {a.path: a for a in articles}
    repost = repost_of(by_path["/rdzl/202012/t20201204_1004.html"], "/art/2021/1/6/art_15_4001.html", "吉林省人大常委会法工委")
    repost.attachments = [("/module/download/downfile.jsp?classid=0&filename=1.pdf", "条例释义.pdf")]
    routes: dict[str, Route] = {"/robots.txt": Route(body=content.MAIN_ROBOTS.encode(), content_type="text/plain")}
    for article in articles + [repost]:
        others = [a for a in articles if a is not article]
        body = render_article(article, others, content.SITE_NAME, site.address)
        routes[article.path] = Route(body=body, content_type=article.content_type, etag=article.validators,
                                     behaviour=article.behaviour)

    def item(path: str) -> tuple[str, str, str]:
        a = by_path.get(path)
        return (path.rsplit("/rdzl/", 1)[-1] if path.startswith("/rdzl/") else path,
                a.title if a else "关于转发有关文件的通知", a.pubdate if a else "2021-01-01")

    rdzl_pages = [
        ["/rdzl/202305/t20230512_1001.html", "/rdzl/202304/t20230420_1002.html", "/rdzl/202306/t20230628_1003.html",
         "/rdzl/202012/t20201204_1004.html", "/rdzl/202101/t20210101_1099.html", "/rdzl/202102/t20210202_1098.html"],
        ["/rdzl/201904/t20190425_1009.html", "/rdzl/201007/t20100730_1012.html", "/rdzl/201811/t20181123_1013.html",
         "/rdzl/201501/t20150121_1014.html", "/rdzl/202103/t20210303_1097.html", "/rdzl/202104/t20210404_1096.html"],
        ["/rdzl/201502/t20150212_1015.html", "/rdzl/202105/t20210505_1095.html", "/rdzl/202106/t20210606_1094.html",
         "/rdzl/202107/t20210707_1093.html", "/rdzl/internal_notes.html"],
    ]
    for i, paths in enumerate(rdzl_pages):
        # TRS lists link articles relatively: ./202305/t20230512_1001.html
        items = [("./" + p.removeprefix("/rdzl/"), *item(p)[1:]) for p in paths]
        body = render_list("人大制度", items, trs_pager(len(rdzl_pages), i), content.SITE_NAME)
        routes["/rdzl/" + ("index.html" if i == 0 else f"index_{i}.html")] = page(body)
    routes["/rdzl/"] = routes["/rdzl/index.html"]
    col1 = render_list("法规规章", [("/art/2021/10/8/art_12_3456.html", *item("/art/2021/10/8/art_12_3456.html")[1:]),
                                   ("/art/2021/1/6/art_15_4001.html", repost.title, repost.pubdate)],
                       '<div class="pager"><a href="/col/col12/index.html?uid=1&amp;pageNum=2">下一页</a></div>',
                       content.SITE_NAME, datastore=True)
    col2 = render_list("法规规章", [("/art/2022/3/1/art_12_3460.html", *item("/art/2022/3/1/art_12_3460.html")[1:])],
                       '<div class="pager"><a href="/col/col12/index.html?uid=1&amp;pageNum=1">上一页</a></div>',
                       content.SITE_NAME, datastore=True)
    routes["/col/col12/index.html"] = page(col1)
    routes["/col/col12/index.html?uid=1&pageNum=1"] = page(col1)
    routes["/col/col12/index.html?uid=1&pageNum=2"] = page(col2)
    routes["/zwgk/fgwj/index.html"] = page(render_list(
        "政务公开", [("./202206/t20220831_2001.html", *item("/zwgk/fgwj/202206/t20220831_2001.html")[1:]),
                  ("../../content/post_77.html", *item("/content/post_77.html")[1:])],
        '<div class="pager"><a href="list.jsp?pageNo=2">下一页</a></div>', content.SITE_NAME))
    routes["/zwgk/fgwj/list.jsp?pageNo=1"] = routes["/zwgk/fgwj/index.html"]
    routes["/zwgk/fgwj/list.jsp?pageNo=2"] = page(render_list(
        "政务公开", [("./202103/t20210318_2002.html", *item("/zwgk/fgwj/202103/t20210318_2002.html")[1:]),
                  ("../../xxgk/view/2088.html", *item("/xxgk/view/2088.html")[1:])],
        '<div class="pager"><a href="list.jsp?pageNo=1">上一页</a></div>', content.SITE_NAME))
    home_items = [
        ("/rdzl/", "人大制度", ""), ("/col/col12/index.html", "法规规章", ""), ("/zwgk/fgwj/index.html", "政务公开", ""),
        ("/about.html", "机构概况", ""), ("/private/report.html", "内部报告", ""), ("/old/pudong.html", "浦东新区决定（旧址）", ""),
        ("/go/yangtze.html", "长三角示范区决定", ""), ("/loop/a.html", "专题", ""), ("/hops/0.html", "专栏", ""),
        ("/data/export.html", "数据导出", ""), ("/go/npc.html", "邻省人大（跳转）", ""), ("/rdzl/202305/t20230512_1001.html", by_path["/rdzl/202305/t20230512_1001.html"].title, "2023-05-12"),
        (f"http://{other.address}/", "邻省人大", ""), (f"http://localhost:{site.address.split(':')[1]}/rdzl/index.html", "镜像站", ""),
        ("/uploads/P020230101_9.pdf", "年度工作要点.pdf", ""),
        ("http://[::1", "坏链接", ""),  # a malformed href: urljoin raises on it
    ]
    routes["/"] = page(render_list("首页", home_items, "", content.SITE_NAME))
    routes["/about.html"] = page(render_list("机构概况", [], "<p>示范市人大常委会是示范市人民代表大会的常设机关，对示范市人民代表大会负责并报告工作。</p>", content.SITE_NAME))
    # Redirects: a moved article (301), a meta refresh into a 302 chain, a loop, too many hops.
    routes["/old/pudong.html"] = Route(status=301, location="/rdzl/201907/t20190725_1010.html")
    routes["/go/yangtze.html"] = page(b'<html><head><meta http-equiv="refresh" content="0; url=/r/1.html"></head><body></body></html>')
    routes["/r/1.html"] = Route(status=302, location="/r/2.html")
    routes["/r/2.html"] = Route(status=302, location=f"http://{site.address}/rdzl/202009/t20200925_1011.html")
    routes["/go/npc.html"] = Route(status=302, location=f"http://{other.address}/")  # another host: not followed
    routes["/loop/a.html"] = Route(status=302, location="/loop/b.html")
    routes["/loop/b.html"] = Route(status=302, location="/loop/a.html")
    for i in range(8):
        routes[f"/hops/{i}.html"] = Route(status=302, location=f"/hops/{i + 1}.html")
    routes["/data/export.html"] = Route(body=b"%PDF-1.4 fake", content_type="application/pdf")
    routes["/private/report.html"] = page(b"<html>secret</html>")
    routes["/rdzl/internal_notes.html"] = page(b"<html>internal</html>")
    for path, behaviour in content.FAILING.items():
        if behaviour == "404":
            continue
        if behaviour == "soft404":
            routes[path] = page(SOFT_404.encode())
        elif behaviour in ("521", "412"):
            routes[path] = Route(status=int(behaviour), body=JIASULE.encode())
        elif behaviour == "challenge":
            routes[path] = page(JIASULE.encode())
        else:
            routes[path] = Route(behaviour=behaviour)
    site.routes = routes


def build_other(site: FixtureSite, main: FixtureSite) -> None:
    """Another congress site on another host: robots.txt 503 once, Crawl-delay, a repost, its own text."""
    title, _ = content.local_rule("浙江_嘉兴市户外广告和招牌设置条例(2020-04-10).txt")
    original = content.main_articles()[0]
    repost = repost_of(original, "/xwzx/202305/t20230515_5001.html", content.SITE_NAME)
    t2, b2 = content.local_rule("北京_北京市人民代表大会代表视察办法.txt")
    own = Article("/xwzx/202201/t20220110_5002.html", t2, "2022-01-10", b2, source=content.OTHER_SITE_NAME)
    routes = {
        "/robots.txt": Route(body=b"User-agent: *\nCrawl-delay: 0.4\nDisallow: /admin/\n", content_type="text/plain",
                             behaviour="robots503"),
        "/": page(render_list("首页", [(repost.path, repost.title, repost.pubdate), (own.path, own.title, own.pubdate),
                                     ("/admin/index.html", "管理", ""),
                                     (f"http://{main.address}/content/post_77.html", title, "2020-04-10")],
                              "", content.OTHER_SITE_NAME)),
        "/admin/index.html": page(b"<html>admin</html>"),
    }
    for article in (repost, own):
        routes[article.path] = Route(body=render_article(article, [], content.OTHER_SITE_NAME, site.address), etag=True)
    site.routes = routes


SMALL_RULES = (
    "北京_北京市人民代表大会代表视察办法.txt",
    "山东_山东省人民代表大会常务委员会组成人员守则(2018-03-29).txt",
    "山东_济南市人民代表大会常务委员会讨论决定重大事项的规定(2019-07-26).txt",
    "广东_广东省人民代表大会常务委员会议事规则(2023-03-30).txt",
    "上海_上海市人民代表大会常务委员会议事规则.txt",
    "北京_北京市人民代表大会常务委员会任免国家机关工作人员条例(2023-07-28).txt",
)


def small_articles() -> list[Article]:
    articles = []
    for n, name in enumerate(SMALL_RULES, start=1):
        title, body = content.local_rule(name)
        articles.append(Article(f"/rdzl/2022{n:02d}/t2022{n:02d}15_{600 + n}.html", title, f"2022-{n:02d}-15", body))
    return articles


def build_small(site: FixtureSite) -> None:
    """A plain, well-behaved congress site: robots.txt, one list page, six TRS articles."""
    articles = small_articles()
    routes = {"/robots.txt": Route(body=b"User-agent: *\nDisallow: /admin/\n", content_type="text/plain")}
    for article in articles:
        routes[article.path] = Route(body=render_article(article, [], content.SITE_NAME, site.address), etag=True)
    routes["/"] = page(render_list("人大制度", [(a.path, a.title, a.pubdate) for a in articles] + [("/admin/", "管理", "")],
                                   "", content.SITE_NAME))
    site.routes = routes


def _serve(site: FixtureSite, ip: str) -> None:
    server = ThreadingHTTPServer((ip, 0), Handler)
    server.daemon_threads = True
    server.site = site  # type: ignore[attr-defined]
    site.server = server
    site.address = f"{ip}:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()


def start_sites() -> tuple[FixtureSite, FixtureSite]:
    main, other = FixtureSite("main"), FixtureSite("other")
    _serve(main, "127.0.0.1")
    _serve(other, "127.0.0.2")
    build_main(main, other)
    build_other(other, main)
    return main, other


def stop_sites(*sites: FixtureSite) -> None:
    for site in sites:
        if site.server is not None:
            site.server.shutdown()
            site.server.server_close()
