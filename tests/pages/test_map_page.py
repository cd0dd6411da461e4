"""The map page under AppTest (the map itself is an opaque component there)."""

from streamlit.testing.v1 import AppTest

APP = "../../home.py"


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_headline_figures_on_the_demo_data(app_env):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    m = metrics(at)
    assert m["Target pendamping"] == "4.371"
    assert m["Telah dilatih"] == "3.359"
    assert m["Sedang diklat"] == "420"
    assert m["Rencana"] == "592"
    assert m["Angkatan"] == "146"
    assert m["Gelombang"] == "11"
    assert any("Data contoh (ilustratif)" in m.value for m in at.markdown)
    assert m["Cakupan"] == "76,8%"


def test_changing_the_wave_filter_changes_the_figures(app_env):
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.multiselect(key="f_waves").set_value([9]).run()
    m = metrics(at)
    assert (m["Sedang diklat"], m["Angkatan"], m["Gelombang"], m["Telah dilatih"]) == (
        "420",
        "14",
        "1",
        "0",
    )
    assert at.query_params["gelombang"] == "IX"


def test_url_parameters_reproduce_the_view(app_env):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["gelombang"] = "I-VIII"
    at.query_params["provinsi"] = "34"
    at.run()
    assert at.multiselect(key="f_waves").value == list(range(1, 9))
    assert at.multiselect(key="f_provinces").value == ["34"]
    m = metrics(at)
    assert m["Rencana"] == "0" and m["Sedang diklat"] == "0"


def test_batch_text_and_as_of_date(app_env):
    from datetime import date

    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input(key="f_batches").set_value("113-126").run()
    assert metrics(at)["Angkatan"] == "14"
    at.date_input(key="f_as_of").set_value(date(2020, 10, 28)).run()
    assert metrics(at)["Telah dilatih"] == "420"
    assert at.query_params["per"] == "2020-10-28"


def test_invalid_url_parameters_show_a_notice_and_fall_back(app_env):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["gelombang"] = "XIV"
    at.query_params["angkatan"] = "abc"
    at.query_params["provinsi"] = "99"
    at.run()
    assert not at.exception
    notice = " ".join(w.value for w in at.warning)
    assert "XIV" in notice and "abc" in notice and "99" in notice
    assert metrics(at)["Target pendamping"] == "4.371"


def test_bad_batch_text_is_explained(app_env):
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input(key="f_batches").set_value("lima").run()
    assert not at.exception
    assert any("lima" in w.value for w in at.warning)
    assert metrics(at)["Angkatan"] == "146"


def test_english(app_env):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = "en"
    at.run()
    m = metrics(at)
    assert m["Facilitator target"] == "4,371" and m["Trained"] == "3,359"


def test_missing_boundaries_are_explained(app_env, monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_GEO_DIR", str(tmp_path / "no-geo"))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert any("python -m atlas setup" in e.value for e in at.error)
    assert metrics(at)["Target pendamping"] == "4.371"  # figures still shown


def test_unreachable_database_is_explained_without_saying_where_it_is(app_env, monkeypatch, caplog):
    """Every visitor, anonymous ones included, had read the account, host, port and name of
    the database and the exception's class; they get one plain sentence with a code, and
    the server's log keeps the details under that code."""
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://atlasapp:pw@127.0.0.1:1/atlas_prod")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    (error,) = at.error
    assert "basis data tidak dapat dihubungi" in error.value
    for secret in ("atlasapp", "127.0.0.1", ":1", "atlas_prod", "postgresql", "Error", "URL"):
        assert secret not in error.value
    code = error.value.split("kode ")[1].split(" ")[0]
    logged = [r.getMessage() for r in caplog.records if code in r.getMessage()]
    assert logged and "atlas_prod" in logged[0] and "pw" not in logged[0].split("atlasapp")[1][:3]


def test_empty_database_says_run_setup(app_env, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert any("python -m atlas setup" in e.value for e in at.error)


def test_about_page(app_env):
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/about.py").run()
    assert not at.exception
    assert "4.371" in " ".join(md.value for md in at.markdown)


def test_a_run_reads_the_data_version_once_and_the_next_run_again(app_env, monkeypatch):
    """Every lookup of a run is keyed on the data version; it is read once per run (nine
    queries a run before), and each run reads it again, so a commit made in between (by any
    process) is seen on the next run."""
    from atlas.screens import site

    reads = []
    original = site.data_version

    def counted(engine):
        reads.append(1)
        return original(engine)

    monkeypatch.setattr(site, "data_version", counted)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert len(reads) == 1
    at.multiselect(key="f_waves").set_value([9]).run()
    assert len(reads) == 2
    assert metrics(at)["Angkatan"] == "14"


def test_a_run_that_changes_no_control_does_not_set_them_again(app_env):
    """A value written into a widget's state goes to the browser, which applies it again
    after the run: the map's controls are written only when the view changes them."""
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.multiselect(key="f_provinces").set_value(["34"]).run()
    controls = [at.selectbox(key="v_metric"), at.selectbox(key="v_region")]
    controls += [at.segmented_control(key=k) for k in ("v_level", "v_k", "v_symbol")]
    assert [c.proto.set_value for c in controls] == [False] * 5
    at.multiselect(key="f_waves").set_value([9]).run()  # no one trained: another metric
    assert at.selectbox(key="v_metric").proto.set_value


def test_the_next_click_after_a_database_restart_works(app_env, monkeypatch, _demo_pg_url):
    """PostgreSQL restarted while people click: every connection the app held is gone
    (here: ended by the server, as a restart ends them). The next run works, with no
    restart of the app: the pool checks a connection before lending it."""
    from sqlalchemy import create_engine, make_url, text

    monkeypatch.setenv("DATABASE_URL", _demo_pg_url)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception and not at.error
    figures = metrics(at)
    admin = create_engine(make_url(_demo_pg_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        ended = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    admin.dispose()
    assert ended >= 1
    at.run()
    assert not at.exception and not at.error
    assert metrics(at) == figures


def test_the_credits_show_once(app_env):
    """The boundaries' credits had shown twice on the map page, in the map's "i" and again
    in the page's footer (issue #32). They stay with the map (and the About page); the
    footer says how fresh the figures are."""
    from atlas.core.i18n import t

    at = AppTest.from_file(APP, default_timeout=30).run()
    credits = t("attribution", "id")
    assert not [c.value for c in at.caption if credits in c.value]
    assert any(c.value.startswith("Per ") for c in at.caption)
    about = AppTest.from_file("../../pages/about.py", default_timeout=30).run()
    text = " ".join(m.value for m in about.markdown) + " ".join(c.value for c in about.caption)
    assert text.count("cahyadsn/wilayah_boundaries") == 1
