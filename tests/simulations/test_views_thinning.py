"""Long channels cut for the dashboard's first drawing keep what matters on a chart."""

from simulations.views.thinning import MAX_POINTS, thinned


def channel(values):
    return {"label": "x", "t": [float(i) for i in range(len(values))], "v": values}


def test_a_short_channel_is_left_whole():
    short = channel([1.0, None, 3.0])
    assert thinned({"a": short})["a"] is short


def test_a_long_channel_keeps_its_spike_its_gap_and_its_last_reading():
    values = [10.0] * 10_000
    values[4321] = 9_999.0  # a spike beyond any limit
    values[7000:7005] = [None] * 5  # a sensor drop-out
    values[9_998] = 12.5
    values[9_999] = None
    cut = thinned({"a": channel(values)})["a"]
    assert len(cut["t"]) <= MAX_POINTS + 2
    assert cut["t"] == sorted(cut["t"])
    assert 9_999.0 in cut["v"] and 4321.0 in cut["t"]
    assert any(t in cut["t"] for t in range(7000, 7005))
    assert cut["t"][-2:] == [9_998.0, 9_999.0] and cut["v"][-2:] == [12.5, None]
    assert [cut["v"][cut["t"].index(t)] for t in cut["t"] if 7000 <= t < 7005] == [None]


def test_a_channel_without_any_reading_stays_a_gap():
    cut = thinned({"a": channel([None] * 5000)})["a"]
    assert set(cut["v"]) == {None} and cut["t"][-1] == 4999.0
