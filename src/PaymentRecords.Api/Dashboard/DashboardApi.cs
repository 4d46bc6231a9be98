using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.Dashboard;

/// <summary>
/// /dashboard: server-rendered HTML written by Minimal API handlers. Every read goes through the API's own GET
/// handlers (<see cref="ApiReads"/>) for the signed-in key's account, so the pages show what the API answers.
/// </summary>
public static class DashboardApi
{
    public const int PageSize = 20;

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/dashboard").ExcludeFromDescription();
        group.MapGet("", Home);
        group.MapPost("/login", LogIn);
        group.MapPost("/logout", LogOut);
        group.MapGet("/invoices/{invoice}", (HttpContext http, DashboardSession session, ApiReads reads, DashboardReads more) =>
            InvoicePage.ShowAsync(http, session, reads, more));
        group.MapDashboardPages();
        group.MapDashboardActions();
        group.MapGet("/{list}", ShowList);
        return app;
    }

    private static IResult Home(HttpContext http, DashboardSession session) =>
        session.Current(http) is null ? LoginForm(http, session, null, 200) : Results.Redirect("/dashboard/invoices");

    private static IResult LoginForm(HttpContext http, DashboardSession session, string? error, int status)
    {
        var body = new StringBuilder("<h1>Sign in with a test key</h1>");
        if (error is not null) body.Append($"<p class=\"error\" role=\"alert\">{Text(error)}</p>");
        body.Append("<form method=\"post\" action=\"/dashboard/login\">").Append(session.AntiforgeryField(http));
        body.Append("<label for=\"key\">Secret or restricted test key (sk_test_…)</label> ");
        body.Append("<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"off\" required> ");
        body.Append("<button type=\"submit\">Open dashboard</button></form>");
        body.Append("<p>Each key is its own account, as in the API. The key is kept in a session cookie until you log out or close the browser.</p>");
        return Page(DashboardLayout.Page("Sign in", body.ToString()), status);
    }

    private static async Task<IResult> LogIn(HttpContext http, DashboardSession session)
    {
        if (!await session.IsValidPostAsync(http)) return Page(DashboardLayout.Page("Refused", "<h1>The form expired</h1><p><a href=\"/dashboard\">Sign in again</a>.</p>"), 400);
        var form = await http.Request.ReadFormAsync();
        var key = form["key"].ToString().Trim();
        var (_, error) = DashboardSession.Check(key);
        if (error is not null) return LoginForm(http, session, error, 401);
        session.SignIn(http, key);
        return Results.Redirect("/dashboard/invoices");
    }

    private static async Task<IResult> LogOut(HttpContext http, DashboardSession session)
    {
        if (!await session.IsValidPostAsync(http)) return Page(DashboardLayout.Page("Refused", "<h1>The form expired</h1><p><a href=\"/dashboard\">Back</a>.</p>"), 400);
        DashboardSession.SignOut(http);
        return Results.Redirect("/dashboard");
    }

    private static async Task<IResult> ShowList(HttpContext http, string list, DashboardSession session, ApiReads reads)
    {
        if (session.Current(http) is not { } signedIn) return Results.Redirect("/dashboard");
        if (DashboardLists.Find(list) is not { } resource) return NotFound(http, session, signedIn.Key, $"There is no list called {list}.");
        var q = http.Request.Query["q"].ToString().Trim();
        var after = http.Request.Query["starting_after"].ToString();
        var before = http.Request.Query["ending_before"].ToString();
        List<JsonObject> rows;
        var hasMore = false;
        string? message = null;
        try
        {
            if (q.Length > 0)
            {
                // Search by id: the object itself when the account holds it (the API's retrieve), else nothing.
                rows = [await reads.GetAsync(http, signedIn.AccountId, resource.RetrievePattern, "",
                    new Dictionary<string, string> { [resource.RouteValue] = q })];
            }
            else
            {
                var query = $"limit={PageSize}"
                    + (after.Length > 0 ? "&starting_after=" + Uri.EscapeDataString(after) : "")
                    + (before.Length > 0 ? "&ending_before=" + Uri.EscapeDataString(before) : "");
                var page = resource.OwnList is { } own ? await own(http, signedIn.AccountId, query)
                    : await reads.GetAsync(http, signedIn.AccountId, resource.ListPattern, query);
                rows = [.. page["data"]!.AsArray().OfType<JsonObject>()];
                hasMore = page["has_more"]?.GetValue<bool>() == true;
            }
        }
        catch (StripeException e) when (e.Error.Status is 404 or 400)
        {
            rows = [];
            message = q.Length > 0 && e.Error.Status == 404 ? $"No {resource.Title.ToLowerInvariant()} with id {q} in this account." : e.Error.Message;
        }

        var body = new StringBuilder($"<h1>{Text(resource.Title)}</h1>");
        body.Append($"<form method=\"get\" action=\"/dashboard/{resource.Slug}\" role=\"search\"><label for=\"q\">Search by id</label> ");
        body.Append($"<input id=\"q\" name=\"q\" value=\"{Attr(q)}\"> <button type=\"submit\">Search</button></form>");
        if (message is not null) body.Append($"<p class=\"error\" role=\"status\">{Text(message)}</p>");
        body.Append(Table(resource.Columns, rows));
        if (rows.Count == 0 && message is null) body.Append($"<p class=\"empty\">No {Text(resource.Title.ToLowerInvariant())} yet.</p>");
        body.Append(Pager(resource.Slug, rows, hasMore, after, before));
        return Page(DashboardLayout.Page(resource.Title, body.ToString(), Masked(signedIn.Key), session.AntiforgeryField(http)), 200);
    }

    /// <summary>
    /// Keyset paging over the API's own cursors: Next pages on from the last row, Previous back from the first. The
    /// API lists newest first; has_more describes the direction just paged in.
    /// </summary>
    private static string Pager(string slug, List<JsonObject> rows, bool hasMore, string after, string before)
    {
        if (rows.Count == 0) return "";
        var links = new List<string>();
        var first = Str(rows[0]["id"]);
        var last = Str(rows[^1]["id"]);
        if (after.Length > 0 || (before.Length > 0 && hasMore))
            links.Add(Link($"/dashboard/{slug}?ending_before={Uri.EscapeDataString(first!)}", "Previous page"));
        if ((before.Length == 0 && hasMore) || before.Length > 0)
            links.Add(Link($"/dashboard/{slug}?starting_after={Uri.EscapeDataString(last!)}", "Next page"));
        return links.Count == 0 ? "" : $"<nav aria-label=\"Pages\" class=\"pager\">{string.Join(" · ", links)}</nav>";
    }

    public static string Table(IReadOnlyList<DashboardColumn> columns, IEnumerable<JsonObject> rows)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var c in columns) html.Append(c.Numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">").Append(Text(c.Header)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var c in columns) html.Append(c.Numeric ? "<td class=\"num\">" : "<td>").Append(c.Cell(row)).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    internal static IResult NotFound(HttpContext http, DashboardSession session, string key, string message) =>
        Page(DashboardLayout.Page("Not found", $"<h1>Not found</h1><p role=\"alert\">{Text(message)}</p>", Masked(key), session.AntiforgeryField(http)), 404);

    internal static string Masked(string key) => "Signed in as " + ApiKeys.Mask(key);

    internal static IResult Page(string html, int status) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
}
