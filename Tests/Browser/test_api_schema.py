"""The studio's JSON API against Schemas/studio-openapi.json, with schemathesis on the running
server: every answer has a documented status, content type and shape (read routes, a bounded
number of generated examples so the run stays under a minute)."""
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_read_api_conforms_to_the_openapi_file(studio, output):
    result = subprocess.run(
        ["schemathesis", "run", str(ROOT / "Schemas" / "studio-openapi.json"), "--url", studio.origin,
         "--include-method", "GET", "--exclude-path-regex", "(/media|/packet\\.zip)$",
         "--phases", "examples,fuzzing", "--max-examples", "8", "--mode", "positive", "--seed", "16", "--workers", "1",
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
         "--request-timeout", "20", "--max-time", "45"],
        capture_output=True, text=True, timeout=120, cwd=output)  # its cache folder goes with the test output
    (output / "schemathesis.txt").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
