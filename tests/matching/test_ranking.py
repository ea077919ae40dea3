"""The kept set of a stored ranking (pure): the pruned index agrees with scoring every candidate."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from talkshow_app.matching import ranking
from talkshow_app.matching.scoring import rank, score

from .test_scoring_properties import candidates, needs


@settings(max_examples=150, deadline=None)
@given(
    needs(),
    st.lists(candidates(), min_size=0, max_size=60, unique_by=lambda c: c.slug),
    st.integers(1, 8),
    st.integers(1, 4),
)
def test_the_index_keeps_the_same_candidates_as_ranking_everything(need, pool, best, available):
    original = ranking.KEEP_BEST, ranking.KEEP_AVAILABLE
    ranking.KEEP_BEST, ranking.KEEP_AVAILABLE = best, available  # small prefixes, so the index must prune
    try:
        kept = ranking.Index(pool).kept_for(need)
        expected = ranking.keep(ranking.entry_of(m) for m in rank(need, pool))
    finally:
        ranking.KEEP_BEST, ranking.KEEP_AVAILABLE = original
    assert kept == expected
    assert [e.key for e in kept.entries] == sorted(e.key for e in kept.entries)


@settings(max_examples=400, deadline=None)
@given(needs(), candidates())
def test_the_fast_score_is_the_score_to_the_last_digit(need, candidate):
    assert ranking.fast_score(need, candidate) == score(need, candidate).score
