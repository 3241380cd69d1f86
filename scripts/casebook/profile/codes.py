"""Stable problem codes. The table in docs/reference/errors.md is generated from
this list, and tests/fixtures/failing/ holds one failing profile per code.

Codes are never renumbered or reused: retire a code by marking it, not by
deleting it, so that old CI logs and discussions still make sense.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    title: str  # what is wrong, in a few words
    fix: str    # what to do; appended to messages that carry no specific fix


CODES: dict[str, Code] = {c.code: c for c in [
    Code("P001", "文件无法读取或缺少 front matter",
         "用 UTF-8 编码保存；文件第一行写 ---，字段写完后再写一行 ---，其后是正文"),
    Code("P002", "YAML 语法错误",
         "按提示检查该行的缩进、冒号和引号"),
    Code("P003", "未知字段",
         "删除该字段或改正拼写；可用字段见“字段参考”页"),
    Code("P004", "缺少必填字段",
         "补上该字段；格式见“字段参考”页"),
    Code("P005", "类型不符",
         "按“字段参考”页写成正确的类型"),
    Code("P006", "取值不在允许范围内",
         "改成允许的取值之一"),
    Code("P007", "id 格式不正确",
         "id 只用小写拼音字母、数字和连字符，如 fuqing-beida-linli-guanjia"),
    Code("P008", "文件名与 id 不一致",
         "把文件改名为“id.md”，或把 id 改成文件名（不含 .md）"),
    Code("P009", "id 重复",
         "每个案例的 id 必须唯一：给其中一个换一个 id，并同步改文件名"),
    Code("P010", "日期格式不正确",
         "写成 2024-06-28；只知道年月写 2024-06，只知道年份写 2024，不知道年份写 --02-21"),
    Code("P011", "未知的做法",
         "从做法词表（data/practices.yml）中选择；确属新做法，请在同一个 PR 中把它加进词表并写好定义"),
    Code("P012", "未知的单位",
         "从单位表（data/units.yml）中选择；万、亿要乘进数值（1万余人次 写 value: 10000, unit: 人次）"),
    Code("P013", "指标缺少原文引语",
         "添加 quote：从来源原文中摘录写明这个数字的短语，如“惠及居民1200余人次”"),
    Code("P014", "省级行政区名称不正确",
         "写 34 个省级行政区之一的全称，如 山东省、广西壮族自治区、北京市"),
    Code("P015", "地区名称不规范",
         "写全称：城市以 市、州、盟 或 地区 结尾，区县以 区、县、市 或 旗 结尾；直辖市的 city 写直辖市本身"),
    Code("P016", "指标数值与引语不符",
         "核对 value 与 quote：value 应等于引语中的数字（万、亿乘出，单位自带万、亿时除外）"),
    Code("P017", "约数标记与引语不符",
         "引语有“余、多、约、近、超过、左右”等字样时写 approx: true，否则写 approx: false"),
    Code("P018", "引用了不存在或未发布的案例",
         "检查 id 的拼写；被引用的案例须存在且 status 为 published"),
    Code("P019", "正文缺少推荐的小节",
         "已发布的案例正文应含四个二级标题：## 背景、## 主要做法、## 成效、## 启示"),
    Code("P020", "已发布的案例仍有 TODO 占位",
         "补全所有 TODO 后再把 status 改为 published；未写完可保持 status: draft"),
    Code("P021", "值为空",
         "填写内容，或删除这个可选字段"),
    Code("P022", "字段重复出现",
         "同一层里每个字段只能写一次：删除多余的一处"),
    Code("P023", "网址格式不正确",
         "写以 http:// 或 https:// 开头的完整网址"),
    Code("P024", "列表中有重复项",
         "删除重复的一项"),
    Code("P025", "摘要过长",
         "摘要写一两句话、不超过 150 字，让读者十秒内看懂；细节放进正文"),
    Code("P026", "含有 HTML 标签、属性或不安全的链接",
         "用 Markdown 书写：去掉 HTML 标签和 { on…= } 属性；链接只用 http(s) 网址或案例的相对路径"),
    Code("K001", "课包文件有误",
         "按 packs/ 下示例的格式书写：title 必填，select 下可写 practices、regions、years"),
    Code("K002", "课包引用了不存在的做法、地区或案例",
         "改正名称或 id；地区写成 省、省/市 或 省/市/区县，如 福建省/福州市"),
    Code("K003", "课包没有选中任何案例",
         "放宽 select 中的条件，或在 ids 中直接列出案例 id"),
    Code("K004", "课包生成失败",
         "按提示处理（常见原因：站点构建失败、缺少 chromium）；失败时不会留下不完整的 zip"),
    Code("V001", "词表条目有误",
         "按文件开头的说明改正该条目"),
    Code("V002", "词表中名称、同义词或 slug 重复",
         "每个名称、同义词和 slug 在词表中只能出现一次"),
]}


def title(code: str) -> str:
    return CODES[code].title


def fix(code: str) -> str:
    return CODES[code].fix
