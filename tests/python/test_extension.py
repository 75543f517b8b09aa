"""tfclock._tfclock and the tfclock package: the model as Python objects, the
reports, errors, the feed API, and the GIL released around the C work."""
from __future__ import annotations

import json
import random
import threading
import time

import pytest

import tfclock
from tfclock import ParseError, Parser, Timeline

# A CI log (GitHub stamps): a.count create measured 2.5 s (Terraform says 3s), a
# for_each create, a data read, a failure named by a diagnostic.
CI_LOG = """\
2024-05-01T10:00:00.0000000Z aws_instance.web[0]: Creating...
2024-05-01T10:00:00.1000000Z module.net.aws_subnet.this["eu-west-1a"]: Creating...
2024-05-01T10:00:00.2000000Z data.aws_ami.ubuntu: Reading...
2024-05-01T10:00:00.7000000Z data.aws_ami.ubuntu: Read complete after 0s [id=ami-123]
2024-05-01T10:00:01.0000000Z aws_s3_bucket.logs: Creating...
2024-05-01T10:00:01.6000000Z module.net.aws_subnet.this["eu-west-1a"]: Creation complete after 2s [id=subnet-1]
2024-05-01T10:00:02.5000000Z aws_instance.web[0]: Creation complete after 3s [id=i-0abc]
2024-05-01T10:00:03.0000000Z \u2577
2024-05-01T10:00:03.0000000Z \u2502 Error: creating S3 Bucket (logs): BucketAlreadyExists
2024-05-01T10:00:03.0000000Z \u2502 
2024-05-01T10:00:03.0000000Z \u2502   with aws_s3_bucket.logs,
2024-05-01T10:00:03.0000000Z \u2502   on main.tf line 3, in resource "aws_s3_bucket" "logs":
2024-05-01T10:00:03.0000000Z \u2575
"""


@pytest.fixture
def ci_log(tmp_path):
    path = tmp_path / "apply.log"
    path.write_text(CI_LOG, encoding="utf-8")
    return path


def ops_by_address(model):
    return {o["address"]: o for s in model["stages"] for o in s["operations"]}


def test_parse_gives_the_model(ci_log):
    m = tfclock.parse(ci_log)
    assert m["schema"] == "tfclock/1" and m["generator"] == f"tfclock {tfclock.__version__}"
    (st,) = m["stages"]
    assert st["name"] == "apply"
    assert st["sources"] == [str(ci_log)]
    assert st["timestamps"] == "dated"
    assert st["started_at"] == "2024-05-01T10:00:00Z"
    assert st["wall_s"] == pytest.approx(3.0)
    ops = ops_by_address(m)
    web = ops["aws_instance.web[0]"]
    assert (web["type"], web["name"], web["key"], web["module"]) == ("aws_instance", "web", 0, "")
    assert web["status"] == "complete" and web["action"] == "create"
    assert web["duration_s"] == pytest.approx(2.5) and web["reported_s"] == 3
    assert web["started_at"] == "2024-05-01T10:00:00Z"
    assert web["ended_at"] == "2024-05-01T10:00:02.500Z"
    assert web["id"] == "i-0abc"
    assert "prefix" in web["times_from"] and "reported" in web["times_from"]
    subnet = ops['module.net.aws_subnet.this["eu-west-1a"]']
    assert subnet["key"] == "eu-west-1a" and subnet["module"] == "module.net"
    assert subnet["duration_s"] == pytest.approx(1.5)
    assert subnet["start_offset_s"] == pytest.approx(0.1)
    ami = ops["data.aws_ami.ubuntu"]
    assert ami["mode"] == "data" and ami["action"] == "read"
    logs = ops["aws_s3_bucket.logs"]
    assert logs["status"] == "failed" and "BucketAlreadyExists" in logs["error"]


def rounded(value):
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value


def test_model_matches_the_json_report(ci_log, tmp_path):
    other = tmp_path / "stages" / "02-infra"
    other.mkdir(parents=True)
    (other / "apply.log").write_text(CI_LOG.replace("aws_", "google_"))
    for paths in ([ci_log], [tmp_path / "stages"], [ci_log, tmp_path / "stages"]):
        assert rounded(tfclock.parse(*paths)) == \
            rounded(json.loads(tfclock.render(*paths, format="json")))


def test_every_format_renders(ci_log):
    for fmt in tfclock.formats():
        out = tfclock.render(ci_log, format=fmt)
        assert isinstance(out, str) and len(out) > 20, fmt
    assert "aws_instance.web[0]" in tfclock.render(ci_log)
    assert tfclock.render(ci_log, format="csv").splitlines()[0].count(",") >= 3
    assert tfclock.render(ci_log, format="html").lstrip().lower().startswith("<!doctype html")
    json.loads(tfclock.render(ci_log, format="chrome"))
    json.loads(tfclock.render(ci_log, format="otlp"))


def test_render_options(ci_log):
    full = tfclock.render(ci_log, format="json")
    only = json.loads(tfclock.render(ci_log, format="json", filter="module.*"))
    assert [o["address"] for o in only["stages"][0]["operations"]] == \
        ['module.net.aws_subnet.this["eu-west-1a"]']
    assert json.loads(tfclock.render(ci_log, format="json", stage="nope"))["stages"] == []
    slow = json.loads(tfclock.render(ci_log, format="json", min_duration="2s"))
    assert len(slow["stages"][0]["operations"]) < len(json.loads(full)["stages"][0]["operations"])
    assert tfclock.render(ci_log, top=1) != tfclock.render(ci_log, top=10)
    assert "\x1b[" in tfclock.render(ci_log, color=True)
    assert "\x1b[" not in tfclock.render(ci_log, color=False)
    with pytest.raises(ValueError, match="unknown format"):
        tfclock.render(ci_log, format="yaml")
    with pytest.raises(ValueError, match="unknown sort"):
        tfclock.render(ci_log, sort="size")
    with pytest.raises(ValueError):
        tfclock.render(ci_log, top=-5)
    with pytest.raises(ValueError):
        tfclock.render(ci_log, min_duration="soon")
    with pytest.raises(TypeError):
        tfclock.render(ci_log, stage=3)


def test_parse_error_carries_the_path(tmp_path):
    missing = tmp_path / "nope.log"
    with pytest.raises(ParseError) as e:
        tfclock.parse(missing)
    assert isinstance(e.value, ValueError)
    assert e.value.path == str(missing)
    assert e.value.line is None and e.value.column is None
    assert e.value.code == "EIO"
    assert str(missing) in str(e.value)
    with pytest.raises(TypeError):
        tfclock.parse()


def model_without_sources(model):
    for st in model["stages"]:
        st.pop("sources")
        for o in st["operations"]:
            o.pop("source")
        for w in st["warnings"]:
            w.pop("source")
    return model


@pytest.mark.parametrize("chunking", ["whole", "bytes", "random"])
def test_feed_api_matches_loading_the_file(ci_log, chunking):
    data = ci_log.read_bytes()
    tl = Timeline()
    p = Parser(tl, "apply", "stream")
    if chunking == "whole":
        p.feed(data)
    elif chunking == "bytes":
        for i in range(len(data)):
            p.feed(data[i:i + 1])
    else:
        rng, i = random.Random(7), 0
        while i < len(data):
            n = rng.randint(1, 64)
            p.feed(memoryview(data)[i:i + n])
            i += n
    p.finish()
    tl.finish()
    assert model_without_sources(tl.to_dict()) == model_without_sources(tfclock.parse(ci_log))


def test_set_command_and_stage_index(ci_log):
    tl = Timeline()
    tl.load(ci_log)
    assert tl.stage("apply") == 0
    assert tl.stage("later") == 1
    tl.set_command(0, "destroy")
    with pytest.raises(ValueError):
        tl.set_command(0, "deploy")
    with pytest.raises(IndexError):
        tl.set_command(7, "apply")
    p = Parser(tl, 1, "later.log")  # by index
    p.feed(b"aws_instance.b: Creating...\n")
    p.finish()
    tl.finish()
    assert tl.n_stages == 2
    stages = tl.to_dict()["stages"]
    assert stages[0]["command"] == "destroy"
    assert stages[1]["name"] == "later" and stages[1]["sources"] == ["later.log"]


def test_timeline_misuse_is_an_exception(ci_log):
    tl = Timeline()
    with pytest.raises(RuntimeError):
        tl.to_dict()
    with pytest.raises(RuntimeError):
        tl.render()
    p = Parser(tl, "s", "src")
    with pytest.raises(RuntimeError, match="Parser"):
        tl.finish()
    p.finish()
    with pytest.raises(RuntimeError):
        p.feed(b"x")
    with pytest.raises(RuntimeError):
        p.finish()
    tl.finish()
    tl.finish()  # idempotent
    assert tl.finished
    with pytest.raises(RuntimeError):
        tl.load(ci_log)
    with pytest.raises(RuntimeError):
        Parser(tl, "s", "src")
    with pytest.raises(IndexError):
        Parser(Timeline(), 3, "src")
    with pytest.raises(TypeError):
        Parser("not a timeline", "s", "src")
    with pytest.raises(ValueError):
        Timeline(max_line_bytes=0)


def test_unfinished_parser_dropped_safely():
    tl = Timeline()
    p = Parser(tl, "s", "src")
    p.feed(b"aws_instance.a: Creating...\n")
    del p  # freed without finish: the timeline can still finish
    tl.finish()
    assert tl.to_dict()["stages"][0]["name"] == "s"


def test_bad_input_never_crashes(tmp_path):
    blob = bytes(random.Random(3).randrange(256) for _ in range(200_000))
    path = tmp_path / "junk.log"
    path.write_bytes(b"\x00\xff\xfe aws_instance.\xff\xfe: Creating...\n" + blob +
                     b"\n" + b"x" * 3_000_000 + b"\n")
    m = tfclock.parse(path, max_line_bytes=1 << 20)
    st = m["stages"][0]
    assert st["warnings_total"] >= 1  # the over-long line
    json.dumps(m)  # every string is valid text
    tfclock.render(path, format="html")


def test_gil_released_while_parsing(tmp_path):
    lines = []
    for i in range(120_000):
        lines.append(f"2024-05-01T10:00:00.0000000Z aws_instance.x[{i}]: Creating...\n")
        lines.append(f"2024-05-01T10:00:01.0000000Z aws_instance.x[{i}]: "
                     f"Creation complete after 1s [id=i-{i}]\n")
    path = tmp_path / "big.log"
    path.write_text("".join(lines))
    tl = Timeline()
    done = threading.Event()
    ticks = 0

    def work():
        tl.load(path)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    started = time.perf_counter()
    while not done.is_set():
        ticks += 1  # only runs while the loading thread does not hold the GIL
        time.sleep(0)
    elapsed = time.perf_counter() - started
    t.join()
    tl.finish()
    assert len(tl.to_dict()["stages"][0]["operations"]) == 120_000
    assert elapsed > 0.01 and ticks > 20, (ticks, elapsed)


def test_parse_duration():
    assert tfclock.parse_duration("1m30s") == 90
    assert tfclock.parse_duration("2h") == 7200
    assert tfclock.parse_duration("1.5") == 1.5
    assert tfclock.parse_duration(4) == 4
    for bad in ("", "1x", "-3", "m"):
        with pytest.raises(ValueError):
            tfclock.parse_duration(bad)
