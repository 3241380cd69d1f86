"""The profile schema: the single source of truth for a profile's front matter.

The validator checks files against these models; the scaffold and `--fix`
write fields in their declared order; `json_schema()` exports them for editors;
and docs/reference/schema.md is generated from that export.

The models own the *shape* (fields, types, formats). Rules that need the
vocabularies or other files (is this practice known? does the value match the
quote?) live in `checks.py`, so that they still run when a type is wrong
elsewhere in the file.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictBool,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from ..zh.dates import FORMATS, DateError, PartialDate

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
ID_MAX = 80
SUMMARY_MAX = 150
VALUE_MAX = 1e13  # ten trillion: above any figure a community report states
# Caps that keep one file from swamping a page or a build (P028).
LIST_MAX = {"practices": 10, "metrics": 100, "sources": 20, "related": 50}

# Recommended sections of a profile's body, in order (level-2 headings).
BODY_SECTIONS = ("背景", "主要做法", "成效", "启示")
BODY_SECTION_HINTS = {
    "背景": "社区或地方的基本情况，当时面对什么问题",
    "主要做法": "谁、做了什么、怎么组织、用了哪些资源",
    "成效": "来源写明的结果和数字；来源没写的不写",
    "启示": "别的社区借鉴时值得注意的地方",
}
REGION_LEVELS = ("province", "city", "district", "street", "community")


def _id(value: str) -> str:
    if not re.fullmatch(ID_PATTERN, value) or len(value) > ID_MAX:
        raise PydanticCustomError("P007", "“{value}”不是合法的 id", {"value": value})
    return value


def _date(value: Any) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except DateError as exc:
        raise PydanticCustomError("P010", "{detail}", {"detail": str(exc)}) from None


def _value(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Compared as it is: a 400-digit int has no float (OverflowError).
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > VALUE_MAX:
            shown = str(value) if len(str(value)) <= 20 else f"{str(value)[:12]}…（{len(str(value))} 位）"
            raise PydanticCustomError("P029", "value 是 {shown}，不是 0 到 10 万亿之间的有限数", {"shown": shown})
    return value


# Characters RFC 3986 never allows in an address (brackets only around an IPv6 host).
URL_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`\[\]\x00-\x1f\x7f]")
# ASCII names only: a host in other scripts can look like another (https://аррӏе.com, in Cyrillic).
# A Chinese domain name is written as the browser sends it (xn--…).
HOST_RE = re.compile(r"^(?:[A-Za-z0-9-]+\.)*[A-Za-z0-9-]+(?::\d{1,5})?$")


def _url(value: str) -> str:
    """An http(s) address as a browser would take it, and nothing after it: an address
    with a quote or a bracket in it is not an address but the start of markup."""
    parts = urlsplit(value) if re.match(URL_PATTERN, value) else None
    if parts is None or parts.scheme not in ("http", "https") or not HOST_RE.match(parts.netloc) \
            or URL_FORBIDDEN.search(value):
        raise PydanticCustomError("P023", "“{value}”不是完整网址", {"value": value})
    return value


Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, AfterValidator(_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX})]
Url = Annotated[str, AfterValidator(_url), WithJsonSchema({"type": "string", "pattern": URL_PATTERN, "format": "uri"})]
DateValue = Annotated[
    PartialDate,
    PlainValidator(_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({
        "anyOf": [
            {"type": "string", "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2}|TODO)$"},
            {"type": "integer", "minimum": 1900, "maximum": 2100},
        ],
        "description": f"日期：{FORMATS}",
    }),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_default=False)


class Region(_Model):
    """所在地区，从省级写到社区，一律用全称。"""

    province: Text = Field(description="省级行政区全称，34 个之一", examples=["山东省", "广西壮族自治区", "北京市"])
    city: Text = Field(description="地级行政区全称；直辖市写直辖市本身；省直辖的县级单位没有地级市，写它本身", examples=["潍坊市", "恩施土家族苗族自治州", "北京市", "神农架林区"])
    district: Text = Field(
        description="县级行政区全称；开发区、高新区等功能区按来源的写法，并写 district_kind: 功能区",
        examples=["下陆区", "福清市", "潍坊高新区"],
    )
    district_kind: Literal["行政区", "功能区"] = Field(
        "行政区", description="district 是行政区（默认），还是高新区、开发区等功能区")
    street: Text | None = Field(None, description="街道、镇或乡（可选）", examples=["玉屏街道", "义桥镇"])
    community: Text | None = Field(None, description="社区或村（可选）", examples=["北大社区"])
    supplemented: list[Literal["province", "city", "district", "street", "community"]] = Field(
        default_factory=list,
        description="来源没有写明、由编者依据行政区划补上的层级，如 [province, city]；页面上会注明",
    )


class Metric(_Model):
    """来源写明的一个数字：规模或成效。"""

    label: Text = Field(description="这个数字说的是什么", examples=["惠及居民", "开设班次（每年）"])
    value: Annotated[float, BeforeValidator(_value), Field(strict=True, ge=0)] = Field(
        description="数值；万、亿要乘出（1万余 写 10000），单位自带万、亿时除外（15亿元 写 15 与 亿元）",
        examples=[1200, 21000],
    )
    unit: Text = Field(description="单位，取自单位表 data/units.yml", examples=["人次", "平方米", "亿元"])
    approx: StrictBool = Field(False, description="原文是约数（余、多、约、近、超过、左右）时写 true")
    quote: Text = Field(description="来源原文中写明这个数字的短语，一字不改", examples=["惠及居民1200余人次"])


class Source(_Model):
    """案例所依据的一篇报道或文件。"""

    title: Text | None = Field(description="原文标题；原文没有标题时写 null")
    publisher: Text | None = Field(description="发布的媒体或单位；原文未注明时写 null", examples=["福清新闻网"])
    author: Text | None = Field(None, description="作者、记者或通讯员（可选）", examples=["记者 夏巧鸿"])
    published: DateValue = Field(description="原文发布日期")
    url: Url | None = Field(None, description="原文网址（可选，有就写）")


class Profile(_Model):
    """一个案例：一个地方的一项做法。字段按此顺序书写。"""

    id: Id = Field(description="唯一标识，等于文件名（不含 .md）；小写拼音、数字和连字符", examples=["fuqing-beida-linli-guanjia"])
    title: Text = Field(description="标题：地方 + 做法，读者一眼看懂", examples=["北大社区：“邻里管家”把服务送到楼栋"])
    summary: Text = Field(description=f"一两句话的摘要，不超过 {SUMMARY_MAX} 字")
    status: Literal["draft", "published"] = Field(description="draft 草稿（只校验，不发布）或 published 已发布")
    date: DateValue = Field(description="这项做法被报道的日期；来源缺日、缺月或缺年时只写已知部分")
    region: Region = Field(description="所在地区")
    practices: list[Text] = Field(min_length=1, max_length=LIST_MAX["practices"], description="做法，取自做法词表 data/practices.yml，至少一项")
    metrics: list[Metric] = Field(default_factory=list, max_length=LIST_MAX["metrics"], description="来源写明的数字，每个都附原文引语")
    sources: list[Source] = Field(min_length=1, max_length=LIST_MAX["sources"], description="来源，至少一条")
    part_of: Id | None = Field(None, description="所属的总体项目案例的 id（可选），如“三人行”下的具体做法")
    related: list[Id] = Field(default_factory=list, max_length=LIST_MAX["related"], description="其他相关案例的 id（可选）；同一来源和同一做法的案例会自动互相链接")


FIELD_ORDER = list(Profile.model_fields)
NESTED_ORDER = {
    "region": list(Region.model_fields),
    "metrics": list(Metric.model_fields),
    "sources": list(Source.model_fields),
}


def json_schema(practices: list[str], units: list[str], provinces: list[str]) -> dict[str, Any]:
    """The JSON Schema editors use for completion, with the vocabularies as enums."""
    schema = Profile.model_json_schema(mode="validation")
    defs = schema["$defs"]
    schema["properties"]["practices"]["items"]["enum"] = practices
    defs["Metric"]["properties"]["unit"]["enum"] = units
    defs["Region"]["properties"]["province"]["enum"] = provinces
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        # No "$id": the library has no fixed address (SITE_URL), and an invented one
        # would be a URL that editors and validators try to resolve.
        "title": "社区实践案例 front matter",
        **schema,
    }
