"""The demo generator and a summary rebuild report their progress from 0 to the whole."""

from atlas.store import aggregates, demo


def test_the_demo_and_the_summaries_report_from_nothing_to_all(engine):
    calls = []
    demo.load(engine, scale=0.01, report=lambda *a: calls.append(a))
    made = [c for c in calls if c[0] == demo.MAKING]
    rebuilt = [c for c in calls if c[0] == aggregates.REBUILDING]
    assert made[0][1] == 0 and made[-1][1] == made[-1][2] > 0
    assert [c[1] for c in rebuilt] == list(range(rebuilt[0][2] + 1))
    assert calls == made + rebuilt  # the enterprises first, then the summaries
