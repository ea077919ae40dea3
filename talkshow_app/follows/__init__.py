"""Following a theme, a stadsdeel or the whole series: double opt-in, digests, one-click unsubscribe."""
