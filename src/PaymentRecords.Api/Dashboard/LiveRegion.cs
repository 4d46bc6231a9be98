namespace PaymentRecords.Api.Dashboard;

/// <summary>
/// A part of a page that follows work still running elsewhere (a clock advancing, a webhook delivery still pending):
/// while it says so, a few lines of script fetch the page's own URL every second and swap the part in when its state
/// changed, until nothing is running. Not a meta refresh: that reloads the whole page under the reader (and axe-core
/// counts a timed refresh as a critical violation, WCAG 2.2.1). Without script, a Refresh link does the same by hand.
/// </summary>
public static class LiveRegion
{
    /// <summary>
    /// <paramref name="url"/> is the page's GET address: when the part was rendered as the answer to a form's POST, the
    /// script also puts that address in the history, so reloading shows the page instead of posting the form again.
    /// <paramref name="state"/> names what is shown (statuses, attempt counts): the part is swapped only when it changes.
    /// </summary>
    public static string Wrap(string url, string state, bool running, string inner)
    {
        var poll = running ? " data-poll=\"1\"" : "";
        var refresh = running ? $"<noscript><p>{Html.Link(url, "Refresh")} to see how it goes.</p></noscript>" : "";
        return $"<div id=\"live\" data-url=\"{Html.Attr(url)}\" data-state=\"{Html.Attr(state)}\"{poll}>{refresh}{inner}</div>{Script}";
    }

    private const string Script = """
        <script>
        (() => {
          const live = document.getElementById('live');
          const url = live.dataset.url;
          if (location.pathname + location.search !== url) history.replaceState(null, '', url);
          // Times of a swapped-in part are localized as the layout's script does for the page.
          const localize = root => {
            for (const t of root.querySelectorAll('time[datetime]')) {
              const d = new Date(t.getAttribute('datetime'));
              if (!isNaN(d)) t.textContent = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });
            }
          };
          const tick = async () => {
            const current = document.getElementById('live');
            if (!current || !current.hasAttribute('data-poll')) return;
            try {
              const response = await fetch(url, { credentials: 'same-origin' });
              const next = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('live');
              if (response.ok && next && next.dataset.state !== current.dataset.state) {
                localize(next);
                current.replaceWith(next);
                document.dispatchEvent(new Event('dashboard:live'));
              }
            } catch (e) { /* the next tick tries again */ }
            setTimeout(tick, 1000);
          };
          setTimeout(tick, 1000);
        })();
        </script>
        """;
}
