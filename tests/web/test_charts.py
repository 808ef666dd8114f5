"""The server-rendered charts: an accessible title, the numbers in the description, labels
escaped, a value not known yet drawn as such (no bar, a broken line)."""

from web.charts import bar_chart, line_chart


def test_bar_chart_is_accessible_and_escapes_labels() -> None:
    svg = str(bar_chart("c1", "Tỷ lệ <đúng hạn>", ["Quý I <script>", "6 tháng"], [66.7, None]))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="c1-title">Tỷ lệ &lt;đúng hạn&gt;</title>' in svg
    assert "<script>" not in svg and "Quý I &lt;script&gt;" in svg
    assert svg.count('class="bar"') == 1 and "chưa đến hạn" in svg
    assert "66,7%" in svg and "6 tháng: chưa có số liệu" in svg


def test_line_chart_breaks_where_a_period_has_no_value() -> None:
    svg = str(
        line_chart(
            "c2", "Số buổi đối thoại", ["a", "b", "c", "d"], [1, 2, None, 6325], measure="buổi"
        )
    )
    assert svg.count('class="point"') == 3
    assert svg.count("<polyline") == 1  # a–b joined; d stands alone after the gap
    assert "6.325 buổi" in svg
