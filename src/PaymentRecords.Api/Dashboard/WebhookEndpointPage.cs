using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using static PaymentRecords.Api.Dashboard.DashboardParts;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.Dashboard;

/// <summary>One webhook endpoint as GET /v1/webhook_endpoints/{id} renders it (its secret is not part of a retrieve). One read.</summary>
public static class WebhookEndpointPage
{
    public static Task<IResult> ShowAsync(HttpContext http, DashboardSession session, ApiReads reads) =>
        DetailAsync(http, session, "id", "webhook endpoint", async (account, id) =>
        {
            var endpoint = await reads.GetAsync(http, account, "/v1/webhook_endpoints/{webhook_endpoint}", "",
                new Dictionary<string, string> { ["webhook_endpoint"] = id });
            return ("Webhook endpoint " + id, Render(endpoint));
        });

    private static string Render(JsonObject endpoint)
    {
        var html = new StringBuilder($"<h1>Webhook endpoint {Code(Str(endpoint["id"]))}</h1>");
        html.Append(Section("fields", "Details", KeyValues("webhook-endpoint-fields",
        [
            ("url", Code(Str(endpoint["url"]))),
            ("status", $"<span class=\"status\">{Text(Str(endpoint["status"]))}</span>"),
            ("description", Text(Str(endpoint["description"]) ?? "—")),
            ("api_version", Text(Str(endpoint["api_version"]) ?? "—")),
            ("created", Time(Long(endpoint["created"]))),
        ])));
        var events = (endpoint["enabled_events"] as JsonArray)?.Select(e => Str(e)).OfType<string>().ToList() ?? [];
        html.Append(Section("enabled-events", "Enabled events",
            $"<ul id=\"enabled-events-list\">{string.Concat(events.Select(e => $"<li><code>{Text(e)}</code></li>"))}</ul>"));
        var metadata = endpoint["metadata"] as JsonObject ?? [];
        html.Append(Section("metadata", "Metadata", metadata.Count == 0 ? Empty("No metadata.")
            : KeyValues("webhook-endpoint-metadata", metadata.Select(m => (m.Key, Text(Str(m.Value)))))));
        return html.ToString();
    }
}
