"""Articles we wrote for the dossier tests: one cluster reported over two years by three articles
(two of them give different revenues for 2023), a quote pointing back to it, and a second cluster."""
from __future__ import annotations

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{published}"></head><body><div class="article">
<h1>{title}</h1><div class="post_body">{paragraphs}</div></div></body></html>"""


def page(title: str, published: str, *paragraphs: str) -> str:
    return PAGE.format(title=title, published=published, paragraphs="".join(f"<p>{p}</p>" for p in paragraphs))


ARTICLES = {
    "news.example.com/nano-2022.html": page(
        "苏州纳米新材料集群营收突破1500亿元", "2023-03-15T09:00:00+08:00",
        "记者从苏州市工业和信息化局获悉，2022年苏州纳米新材料产业集群实现营业收入1520亿元，同比增长12%，集聚企业1100家。",
        "“集群已经形成从材料研发到终端应用的完整产业链。”苏州市工业和信息化局局长王华表示。"),
    "news.example.com/nano-2023.html": page(
        "苏州纳米新材料集群再上新台阶", "2024-02-20T10:00:00+08:00",
        "2023年，苏州纳米新材料产业集群实现营业收入1680亿元，集聚企业1250家。",
        "苏州市发展改革委副主任李强说，该集群将继续加大研发投入，力争三年内营收翻番。"),
    "stats.example.com/nano-report.html": page(
        "纳米新材料产业年报发布", "2024-03-01T08:00:00+08:00",
        "年报显示，2023年苏州纳米新材料产业集群实现营业收入1600亿元。"),
    "news.example.com/wuxi-iot.html": page(
        "无锡物联网集群营收超四千亿", "2024-01-10T08:00:00+08:00",
        "2023年，无锡物联网产业集群营业收入超过4000亿元，物联网企业达到3000余家。"),
    "news.example.com/no-cluster.html": page(
        "全市工业经济平稳运行", "2024-01-05T08:00:00+08:00", "全市规上工业企业达到1200家，实现产值3000亿元。"),
}
NANO = "苏州纳米新材料集群"
