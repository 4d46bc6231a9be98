using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// create_preview's answers, retrievable for 72 hours by their <c>upcoming_in_</c> id (Stripe's *Preview an invoice*
/// guide): <c>GET /v1/invoices/{id}</c> answers the preview as it was given, <c>GET /v1/invoices/{id}/lines</c> pages
/// all its lines (the preview embeds the first <see cref="InvoiceRenderer.EmbeddedLines"/>). Nothing else takes the
/// id: a preview is not an invoice (<see cref="EfInvoicePreviews"/>).
/// </summary>
public static class KeptPreviews
{
    /// <summary>"this id will be prefixed with upcoming_in".</summary>
    public const string Prefix = "upcoming_in_";

    public static bool Names(string id) => id.StartsWith(Prefix, StringComparison.Ordinal);

    private static EfInvoicePreviews Store(RequestScope s) => new(s.Db, s.AccountId);

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Keeps <paramref name="rendered"/> (the preview before expansion) and all its <paramref name="lines"/>.</summary>
    public static Task KeepAsync(RequestScope s, string id, JsonObject rendered, IReadOnlyList<InvoiceItem> lines, IReadOnlyList<DiscountShare> shares) =>
        Store(s).SaveAsync(id, Now, rendered.ToJsonString(),
            new JsonArray([.. lines.Select(l => (JsonNode)InvoiceItemRenderer.RenderLine(l, shares))]).ToJsonString());

    /// <summary>The kept preview, or the 404 of a missing invoice on <paramref name="param"/> (expired previews too).</summary>
    public static async Task<JsonObject> RetrieveAsync(RequestScope s, string id, string param)
    {
        var kept = await FindAsync(s, id, param);
        return JsonNode.Parse(kept.Invoice)!.AsObject();
    }

    /// <summary>A page of the kept preview's lines (<see cref="LinePages.Page{T}"/>).</summary>
    public static async Task<JsonObject> LinesAsync(RequestScope s, string id)
    {
        var kept = await FindAsync(s, id, "invoice");
        var lines = JsonNode.Parse(kept.Lines)!.AsArray().Select(l => l!.AsObject()).ToList();
        var (page, hasMore) = LinePages.Page(s.Params, lines, l => (string)l["id"]!, "line item");
        foreach (var line in page) line.Parent?.AsArray().Remove(line);
        return Pagination.Envelope(page, hasMore, InvoiceRenderer.LinesUrl(id));
    }

    private static async Task<KeptInvoicePreview> FindAsync(RequestScope s, string id, string param) =>
        await Store(s).FindAsync(id, Now) ?? throw new StripeException(ErrorCatalog.NoSuch("invoice", id, param));
}
