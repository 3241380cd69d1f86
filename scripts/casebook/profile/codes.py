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
         "写全称：城市以 市、自治州、盟 或 地区 结尾（杭州写杭州市），区县以 区、县、市 或 旗 结尾；直辖市的 city 写直辖市本身"),
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
         "写以 http:// 或 https:// 开头的完整网址；域名只用英文字母、数字和连字符（中文域名写成浏览器发送的 xn-- 形式）"),
    Code("P024", "列表中有重复项",
         "删除重复的一项"),
    Code("P025", "摘要过长",
         "摘要写一两句话、不超过 150 字，让读者十秒内看懂；细节放进正文"),
    Code("P026", "含有网站会去掉的 HTML、属性或链接",
         "用 Markdown 书写正文，字段只写纯文字：去掉 HTML 标签和 { on…= } 之类的属性；链接只用 http(s)、mailto 网址或案例的相对路径"),
    Code("P027", "YAML 中用了锚点（&）或别名（*）",
         "把别名展开成完整的值；若“&”“*”是文字的一部分，给整个值加引号"),
    Code("P028", "文件、列表或正文的标记过多",
         "案例文件不超过 1 MB；metrics 不超过 100 项、sources 不超过 20 项、practices 不超过 10 项、related 不超过 50 项；"
         "正文中“[”不超过 2,000 个、小节标题不超过 300 个、链接定义不超过 200 个：拆成几个案例，或只保留最重要的"),
    Code("P029", "数值不是有限数或超出范围",
         "value 写 0 到 10 万亿之间的普通数字，如 1200 或 2.5；不要写 .inf、.nan 或几百位的数"),
    Code("P030", "含有控制字符或看不见的格式字符",
         "删除这些字符（多半是从网页或文档复制时带进来的）；make fix 可自动删除"),
    Code("P031", "含有 HTML 注释",
         "删除 <!-- … --> 注释：它不会显示在页面上；给编辑的说明请写在 Pull Request 里"),
    Code("P032", "日期晚于今天",
         "核对日期：报道日期和来源发布日期不能在将来"),
    Code("P033", "含有拼音注音",
         "删除汉字后面括号里的拼音，如 治理(zhì lǐ) 写成 治理；import 会自动去掉原文中的注音"),
    Code("P034", "含有疑似乱码",
         "对照原文改正这段文字（常见的是夹在字中间的“?”或一串生僻字）；看不清原文时删去这部分"),
    Code("P035", "profiles/ 中有不会收录的文件或文件夹",
         "案例是直接放在 profiles/ 下、以小写 .md 结尾的文件：改名（如 x.MD 改成 x.md），把子文件夹里的案例移到 profiles/ 下，其他文件移出 profiles/"),
    Code("P036", "省、市、区县对不上",
         "按全国行政区划核对三级名称：常见的是同名的区县（各地都有的鼓楼区），或把邻市的区县写到了这个市"),
    Code("S001", "仓库中有符号链接",
         "把链接换成真正的文件或文件夹：链接可能指向构建机器上的任何文件，其内容会被发布"),
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
    Code("V002", "词表中名称、同义词、slug 或省份代码重复",
         "每个名称、同义词和 slug（省份还有简称和代码）在词表中只能出现一次"),
]}


def title(code: str) -> str:
    return CODES[code].title


def fix(code: str) -> str:
    return CODES[code].fix
