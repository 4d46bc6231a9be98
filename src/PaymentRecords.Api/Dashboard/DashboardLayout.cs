using System.Text;

namespace PaymentRecords.Api.Dashboard;

/// <summary>The page around every dashboard view: navigation, sign-out form, and the one script (local times).</summary>
public static class DashboardLayout
{
    /// <summary>Times arrive in UTC; shown in the viewer's zone, the UTC value stays in the title for hover.</summary>
    private const string LocalTimes = """
        <script>
        for (const t of document.querySelectorAll('time[datetime]')) {
          const d = new Date(t.getAttribute('datetime'));
          if (!isNaN(d)) t.textContent = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });
        }
        </script>
        """;

    private const string Style = """
        <style>
        body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }
        header { background: #1f2a44; color: #fff; padding: .6rem 1rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
        header a { color: #fff; }
        header form { margin-left: auto; }
        main { padding: 1rem; }
        table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
        th, td { border-bottom: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }
        td.num, th.num { text-align: right; }
        a { color: #0645ad; }
        .error { color: #a00000; }
        .status { font-weight: 600; }
        .money { white-space: nowrap; }
        </style>
        """;

    public static string Page(string title, string body, string? signedInAs = null, string? antiforgeryField = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append($"<title>{Html.Text(title)} · PaymentRecords dashboard</title>").Append(Style).Append("</head><body>");
        html.Append("<header><strong>PaymentRecords dashboard</strong>");
        if (signedInAs is not null)
        {
            html.Append("<nav aria-label=\"Resources\">");
            html.AppendJoin(" · ", DashboardLists.All.Select(l => Html.Link("/dashboard/" + l.Slug, l.Title)));
            html.Append("</nav>");
            html.Append($"<form method=\"post\" action=\"/dashboard/logout\">{antiforgeryField}<span>{Html.Text(signedInAs)}</span> ");
            html.Append("<button type=\"submit\">Log out</button></form>");
        }
        html.Append("</header><main>").Append(body).Append("</main>").Append(LocalTimes).Append("</body></html>");
        return html.ToString();
    }
}
