using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.HostedInvoices;

/// <summary>
/// What a finalized invoice's links answer (<see cref="HostedInvoiceLinks"/>): the page a customer is sent to
/// (<c>hosted_invoice_url</c>) and its PDF (<c>invoice_pdf</c>). No sign-in, as on Stripe: the link is the access.
/// Both read through the API's own GET handlers (<see cref="ApiReads"/>), so what they show is what the API answers.
/// A draft, another account's invoice, or a token that names nothing is a 404. Nothing can be paid here: payments
/// are the merchant's own processor's, reported as payment records.
/// </summary>
public static class HostedInvoicePage
{
    /// <summary>An invoice holds at most 250 lines: three pages of the lines list.</summary>
    private const int LinePage = 100;

    public static IEndpointRouteBuilder MapHostedInvoices(this IEndpointRouteBuilder app)
    {
        app.MapGet("/i/{account}/{token}", ShowAsync).ExcludeFromDescription();
        app.MapGet("/invoice/{account}/{token}/pdf", PdfAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(HttpContext http, string account, string token, ApiReads reads)
    {
        if (await ReadAsync(http, reads, account, token) is not var (invoice, lines)) return Page("Invoice not found", NotFoundBody, 404);
        return Page("Invoice " + Str(invoice["number"]), Body(invoice, lines, HostedInvoiceLinks.PdfPath(account, token)), 200);
    }

    private static async Task<IResult> PdfAsync(HttpContext http, string account, string token, ApiReads reads)
    {
        if (await ReadAsync(http, reads, account, token) is not var (invoice, lines)) return Page("Invoice not found", NotFoundBody, 404);
        var number = Str(invoice["number"]) ?? Str(invoice["id"])!;
        return Results.File(InvoicePdf.Write("Invoice " + number, PdfRows(invoice, lines)), "application/pdf", $"Invoice-{number}.pdf");
    }

    /// <summary>The finalized invoice the link names and all its lines; null when it names none.</summary>
    private static async Task<(JsonObject Invoice, List<JsonObject> Lines)?> ReadAsync(HttpContext http, ApiReads reads, string account, string token)
    {
        if (HostedInvoiceLinks.InvoiceIdOf(account, token) is not { } id) return null;
        var route = new Dictionary<string, string> { ["invoice"] = id };
        try
        {
            var invoice = await reads.GetAsync(http, account, "/v1/invoices/{invoice}", "", route);
            if (Str(invoice["status"]) == "draft") return null;
            // The invoice embeds its first lines: the lines list is read only when there are more.
            if (invoice["lines"] is JsonObject embedded && embedded["has_more"]?.GetValue<bool>() == false)
                return (invoice, embedded["data"]!.AsArray().OfType<JsonObject>().ToList());
            var lines = new List<JsonObject>();
            var query = $"limit={LinePage}";
            while (true)
            {
                var page = await reads.GetAsync(http, account, "/v1/invoices/{invoice}/lines", query, route);
                var data = page["data"]!.AsArray().OfType<JsonObject>().ToList();
                lines.AddRange(data);
                if (page["has_more"]?.GetValue<bool>() != true || data.Count == 0) return (invoice, lines);
                query = $"limit={LinePage}&starting_after={Uri.EscapeDataString(Str(data[^1]["id"])!)}";
            }
        }
        catch (StripeException e) when (e.Error.Status is 404 or 400)
        {
            return null;
        }
    }

    private const string NotFoundBody = "<h1>Invoice not found</h1><p>This link does not name a finalized invoice.</p>";

    /// <summary>What the customer sees first: what is due and by when, or that it is settled.</summary>
    private static string Summary(JsonObject invoice)
    {
        var currency = Str(invoice["currency"]);
        return Str(invoice["status"]) switch
        {
            "paid" => $"Paid {Day(Long(invoice["status_transitions"]?["paid_at"]))}",
            "void" => "This invoice was voided: nothing is due.",
            "uncollectible" => $"{Money(Long(invoice["amount_remaining"]), currency)} due (marked uncollectible)",
            _ => $"{Money(Long(invoice["amount_remaining"]), currency)} due " +
                 (Long(invoice["due_date"]) is { } due ? $"by {Day(due)}" : "now"),
        };
    }

    /// <summary>The page's body: the invoice as the API renders it, all its lines, and the PDF's path under the page's own base.</summary>
    private static string Body(JsonObject invoice, List<JsonObject> lines, string pdfPath)
    {
        var currency = Str(invoice["currency"]);
        var html = new StringBuilder();
        html.Append($"<h1>Invoice {Text(Str(invoice["number"]))}</h1>");
        html.Append($"<p id=\"invoice-summary\" class=\"summary\">{Summary(invoice)}</p>");
        html.Append("<dl id=\"invoice-details\">");
        html.Append($"<dt>Invoice number</dt><dd>{Text(Str(invoice["number"]))}</dd>");
        html.Append($"<dt>Date of issue</dt><dd>{Day(Long(invoice["effective_at"]) ?? Long(invoice["status_transitions"]?["finalized_at"]))}</dd>");
        if (Long(invoice["due_date"]) is { } dueDate) html.Append($"<dt>Date due</dt><dd>{Day(dueDate)}</dd>");
        html.Append($"<dt>Bill to</dt><dd>{string.Join("<br>", BillTo(invoice).Select(Text))}</dd>");
        if (Str(invoice["description"]) is { } memo) html.Append($"<dt>Memo</dt><dd>{Text(memo)}</dd>");
        html.Append("</dl>");

        html.Append("<table id=\"invoice-lines\"><caption>Items</caption><thead><tr><th scope=\"col\">Description</th>");
        html.Append("<th scope=\"col\" class=\"num\">Qty</th><th scope=\"col\" class=\"num\">Amount</th></tr></thead><tbody>");
        foreach (var line in lines)
            html.Append($"<tr><td>{Text(Str(line["description"]))}</td><td class=\"num\">{Long(line["quantity"])}</td>")
                .Append($"<td class=\"num\">{Money(Long(line["amount"]), Str(line["currency"]))}</td></tr>");
        html.Append("</tbody></table>");

        html.Append("<table id=\"invoice-totals\"><caption>Totals</caption><tbody>");
        foreach (var (label, amount) in TotalRows(invoice))
            html.Append($"<tr><th scope=\"row\">{label}</th><td class=\"num\">{Money(amount, currency)}</td></tr>");
        html.Append("</tbody></table>");
        html.Append($"<p><a id=\"invoice-pdf\" href=\"{Attr(pdfPath)}\">Download invoice (PDF)</a></p>");
        html.Append("<p>Payments for this invoice are taken by the merchant's own payment processor; none can be made on this page.</p>");
        return html.ToString();
    }

    /// <summary>The totals as the customer reads them: the subtotal, each discount taken off it (negative), then what is due.</summary>
    private static IEnumerable<(string Label, long? Amount)> TotalRows(JsonObject invoice)
    {
        yield return ("Subtotal", Long(invoice["subtotal"]));
        foreach (var discount in (invoice["total_discount_amounts"] as JsonArray ?? []).OfType<JsonObject>())
            yield return ("Discount", -Long(discount["amount"]));
        yield return ("Total", Long(invoice["total"]));
        yield return ("Amount paid", Long(invoice["amount_paid"]));
        yield return ("Amount remaining", Long(invoice["amount_remaining"]));
    }

    /// <summary>The customer as the invoice froze it at finalize: name, email, and the address's lines.</summary>
    private static IEnumerable<string> BillTo(JsonObject invoice)
    {
        var address = invoice["customer_address"] as JsonObject;
        string?[] parts =
        [
            Str(invoice["customer_name"]), Str(invoice["customer_email"]), Str(address?["line1"]), Str(address?["line2"]),
            string.Join(" ", new[] { Str(address?["postal_code"]), Str(address?["city"]), Str(address?["state"]) }.Where(p => !string.IsNullOrEmpty(p))),
            Str(address?["country"]),
        ];
        var shown = parts.Where(p => !string.IsNullOrEmpty(p)).Cast<string>().ToList();
        return shown.Count > 0 ? shown : [Str(invoice["customer"]) ?? ""];
    }

    /// <summary>The same invoice as the PDF's rows of text.</summary>
    private static List<string> PdfRows(JsonObject invoice, List<JsonObject> lines)
    {
        var currency = Str(invoice["currency"]);
        string Amount(JsonNode? node) => Long(node) is { } minor ? MoneyText(minor, currency) : "";
        var rows = new List<string>
        {
            $"Invoice {Str(invoice["number"])}",
            "",
            $"Status: {Str(invoice["status"])}",
            $"Date of issue: {DayText(Long(invoice["effective_at"]) ?? Long(invoice["status_transitions"]?["finalized_at"]))}",
        };
        if (Long(invoice["due_date"]) is { } due) rows.Add($"Date due: {DayText(due)}");
        rows.Add("Bill to: " + string.Join(", ", BillTo(invoice)));
        if (Str(invoice["description"]) is { } memo) rows.Add($"Memo: {memo}");
        rows.Add("");
        rows.Add("Description | Qty | Amount");
        rows.AddRange(lines.Select(l => $"{Str(l["description"])} | {Long(l["quantity"])} | {Amount(l["amount"])}"));
        rows.Add("");
        rows.AddRange(TotalRows(invoice).Select(t => $"{t.Label}: {(t.Amount is { } minor ? MoneyText(minor, currency) : "")}"));
        return rows;
    }

    private static string Day(long? unix) => Text(DayText(unix));

    /// <summary>A date as the customer reads it, in UTC (the page has no script to move it into the reader's zone).</summary>
    private static string DayText(long? unix) =>
        unix is { } t ? DateTimeOffset.FromUnixTimeSeconds(t).UtcDateTime.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture) : "—";

    private static IResult Page(string title, string body, int status) => Results.Content($$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Text(title)}}</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 0; background: #f6f8fa; color: #1a1a1a; }
        main { max-width: 44rem; margin: 2rem auto; padding: 2rem; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; }
        .summary { font-size: 1.4rem; font-weight: 600; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.2rem; }
        dt { color: #4a4a4a; } dd { margin: 0; }
        table { width: 100%; border-collapse: collapse; margin: 1.2rem 0; }
        caption { text-align: left; font-weight: 600; padding-bottom: .4rem; }
        th, td { text-align: left; padding: .4rem .3rem; border-bottom: 1px solid #e1e4e8; }
        .num { text-align: right; }
        a { color: #0645ad; }
        </style>
        </head>
        <body>
        <main>
        {{body}}
        </main>
        </body>
        </html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);
}
