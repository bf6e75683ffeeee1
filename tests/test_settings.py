"""Settings: defaults, then environment, then overrides; bad values fail naming the culprit."""

from pathlib import Path

import pytest

from assistant.errors import SettingsError
from assistant.settings import load_settings


def test_defaults_are_embedded_extractive_and_local() -> None:
    s = load_settings(env={})
    assert s.index == Path("index")
    assert not s.server_mode and not s.llm_enabled
    assert s.ui_host == "127.0.0.1"


def test_environment_then_overrides() -> None:
    env = {"NEWS_ASSISTANT_INDEX": "/tmp/a", "NEWS_ASSISTANT_TOP_K": "7", "NEWS_ASSISTANT_CHROMA_HOST": "db",
           "NEWS_ASSISTANT_CHROMA_PORT": "9000", "NEWS_ASSISTANT_COLLECTION": "wire", "OPENAI_BASE_URL": "http://x/v1"}
    s = load_settings(env=env, index="/tmp/b")
    assert s.index == Path("/tmp/b")  # the CLI's --index wins over the environment
    assert (s.top_k, s.chroma_host, s.chroma_port, s.collection) == (7, "db", 9000, "wire")
    assert s.server_mode and s.llm_enabled


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"NEWS_ASSISTANT_TOPK": "3"}, "unknown setting NEWS_ASSISTANT_TOPK"),
        ({"news_assistant_top_k": "3"}, "news_assistant_top_k: did you mean NEWS_ASSISTANT_TOP_K"),
        ({"News_Assistant_Colour": "red"}, "unknown setting News_Assistant_Colour"),
        ({"openai_api_key": "sk-test"}, "openai_api_key: did you mean OPENAI_API_KEY"),
        ({"OpenAI_Base_URL": "http://127.0.0.1:9"}, "OpenAI_Base_URL: did you mean OPENAI_BASE_URL"),
        ({"NEWS_ASSISTANT_TOP_K": "5", "NEWS_ASSISTANT_top_k": "3"},
         "NEWS_ASSISTANT_TOP_K and NEWS_ASSISTANT_top_k both set top_k"),
        ({"NEWS_ASSISTANT_TOP_K": "many"}, "invalid value 'many' for NEWS_ASSISTANT_TOP_K"),
        ({"NEWS_ASSISTANT_TOP_K": "0"}, r"top_k \(NEWS_ASSISTANT_TOP_K\) must be between 1 and 100"),
        ({"NEWS_ASSISTANT_CHROMA_PORT": "70000"}, r"chroma_port \(NEWS_ASSISTANT_CHROMA_PORT\) must be a TCP port"),
        ({"NEWS_ASSISTANT_CHUNK_OVERLAP_CHARS": "1000"}, r"\(NEWS_ASSISTANT_CHUNK_OVERLAP_CHARS\), got 1000 and 1000"),
        ({"NEWS_ASSISTANT_LLM_PAUSE": "-1"}, r"NEWS_ASSISTANT_LLM_PAUSE\) must be from 0 to 3600"),
        ({"NEWS_ASSISTANT_TODAY": "yesterday"}, "expected a date"),
        ({"NEWS_ASSISTANT_EMBEDDING_BACKEND": "cuda"}, r"embedding_backend \(NEWS_ASSISTANT_EMBEDDING_BACKEND\) must be"),
        ({"NEWS_ASSISTANT_MAX_FILE_MB": "0"}, r"NEWS_ASSISTANT_MAX_FILE_MB\) must be at least 1 MB, got 0"),
        ({"NEWS_ASSISTANT_MAX_FILE_MB": "-5"}, r"NEWS_ASSISTANT_MAX_FILE_MB\) must be at least 1 MB, got -5"),
        ({"NEWS_ASSISTANT_FETCH_TIMEOUT": "-1"}, r"fetch_timeout \(NEWS_ASSISTANT_FETCH_TIMEOUT\) must be from 0.1"),
        ({"NEWS_ASSISTANT_FETCH_TIMEOUT": "nan"}, r"NEWS_ASSISTANT_FETCH_TIMEOUT\) must be .* got nan"),
        ({"NEWS_ASSISTANT_EMBEDDING_BATCH": "0"}, r"NEWS_ASSISTANT_EMBEDDING_BATCH\) must be from 1 to 4096"),
        ({"NEWS_ASSISTANT_LLM_RETRIES": "-3"}, r"NEWS_ASSISTANT_LLM_RETRIES\) must be from 0 to 10"),
        ({"NEWS_ASSISTANT_LLM_TIMEOUT": "-1"}, r"NEWS_ASSISTANT_LLM_TIMEOUT\) must be from 0.1"),
        ({"NEWS_ASSISTANT_ABSTAIN_THRESHOLD": "2"}, r"NEWS_ASSISTANT_ABSTAIN_THRESHOLD\) must be from -1 to 1"),
        ({"NEWS_ASSISTANT_UI_PORT": "99999"}, r"NEWS_ASSISTANT_UI_PORT\) must be from 1 to 65535"),
        ({"NEWS_ASSISTANT_UI_CONCURRENCY": "0"}, r"NEWS_ASSISTANT_UI_CONCURRENCY\) must be from 1"),
    ],
)
def test_bad_settings_name_the_culprit(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env=env)


def test_a_lower_case_openai_variable_beside_its_capitals_is_left_to_other_tools() -> None:
    settings = load_settings(env={"OPENAI_API_KEY": "sk-upper", "openai_api_key": "sk-lower"})
    assert settings.openai_api_key == "sk-upper"


def test_a_setting_is_read_whatever_the_case_of_its_name_after_the_prefix() -> None:
    assert load_settings(env={"NEWS_ASSISTANT_top_k": "3"}).top_k == 3


def test_unknown_override_is_refused() -> None:
    with pytest.raises(SettingsError, match="unknown setting 'colour'"):
        load_settings(env={}, colour="red")


def test_public_view_masks_secrets() -> None:
    s = load_settings(env={"OPENAI_API_KEY": "sk-secret-123"})
    assert s.public()["openai_api_key"] == "***"
    assert "sk-secret-123" not in repr(s.public())


def test_one_onnx_export_serves_every_index(tmp_path: Path) -> None:
    default = load_settings(env={}, index=str(tmp_path / "a"))
    assert default.model_cache_dir == load_settings(env={}, index=str(tmp_path / "b")).model_cache_dir
    assert default.model_cache_dir == Path.home() / ".cache" / "news-assistant" / "models"
    chosen = load_settings(env={"NEWS_ASSISTANT_MODEL_CACHE": str(tmp_path / "models")})
    assert chosen.model_cache_dir == tmp_path / "models"


def test_a_chroma_server_given_as_a_url_is_its_host_port_and_ssl() -> None:
    s = load_settings(env={"NEWS_ASSISTANT_CHROMA_HOST": "https://chroma.example:8443"})
    assert (s.chroma_host, s.chroma_port, s.chroma_ssl) == ("chroma.example", 8443, True)
    s = load_settings(env={"NEWS_ASSISTANT_CHROMA_HOST": "http://127.0.0.1", "NEWS_ASSISTANT_CHROMA_PORT": "9000"})
    assert (s.chroma_host, s.chroma_port, s.chroma_ssl) == ("127.0.0.1", 9000, False)
    with pytest.raises(SettingsError, match="NEWS_ASSISTANT_CHROMA_HOST.*http://chroma.example:8000"):
        load_settings(env={"NEWS_ASSISTANT_CHROMA_HOST": "http://chroma.example/db"})
    with pytest.raises(SettingsError, match="names port 9000 but NEWS_ASSISTANT_CHROMA_PORT is 8000"):
        load_settings(env={"NEWS_ASSISTANT_CHROMA_HOST": "http://x:9000", "NEWS_ASSISTANT_CHROMA_PORT": "8000"})
