using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary><c>hosted_invoice_url</c> and <c>invoice_pdf</c>: null on a draft, published at finalize, and what they answer.</summary>
[Collection(ServerCollection.Name)]
public sealed partial class HostedInvoiceTests(ServerFixture fixture)
{
    private readonly InvoiceKit _kit = new(fixture.Client());

    [GeneratedRegex(@"^(?<base>http://[^/]+)/i/(?<acct>acct_[0-9a-f]{32})/(?<token>test_[A-Za-z0-9_-]+)\?s=ap$")]
    private static partial Regex HostedUrl();

    private static readonly HttpClient Http = new();

    /// <summary>An open invoice of a named customer with two lines: 1500 "Consulting" and 2 × 250 "Licences".</summary>
    private async Task<string> OpenInvoiceAsync()
    {
        var customer = await _kit.CustomerAsync(("name", "Ada Lovelace"), ("email", "ada@example.com"), ("invoice_prefix", "HOST"));
        var invoice = await _kit.DraftAsync(customer, ("description", "October (work)"), ("collection_method", "send_invoice"), ("days_until_due", "30"));
        await _kit.ItemAsync(customer, invoice, ("amount", "1500"), ("description", "Consulting"));
        await _kit.ItemAsync(customer, invoice, ("unit_amount_decimal", "250"), ("quantity", "2"), ("description", "Licences"));
        var draft = await _kit.GetAsync(invoice);
        Assert.Null(draft["hosted_invoice_url"]);
        Assert.Null(draft["invoice_pdf"]);
        return invoice;
    }

    [Fact]
    public async Task A_finalized_invoice_is_published_at_its_page_and_its_pdf()
    {
        var invoice = await OpenInvoiceAsync();
        var open = await _kit.FinalizeAsync(invoice);
        var url = Str(open["hosted_invoice_url"]);
        var match = HostedUrl().Match(url);
        Assert.True(match.Success, url);
        Assert.Equal(fixture.Server.BaseAddress.ToString().TrimEnd('/'), match.Groups["base"].Value);
        Assert.Equal($"{match.Groups["base"].Value}/invoice/{match.Groups["acct"].Value}/{match.Groups["token"].Value}/pdf?s=ap", Str(open["invoice_pdf"]));
        // The event shows the links, and they never change afterwards.
        var finalized = (await _kit.EventsAsync("invoice.finalized")).Single();
        Assert.Equal(url, Str(finalized["data"]!["object"]!["hosted_invoice_url"]));

        var page = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Invoice HOST-0001</h1>", html);
        Assert.Contains("20.00 USD</span> due by", html);
        Assert.Contains("Ada Lovelace<br>ada@example.com", html);
        Assert.Contains("October (work)", html);
        Assert.Contains("<td>Licences</td><td class=\"num\">2</td>", html);
        Assert.Contains($"href=\"/invoice/{match.Groups["acct"].Value}/{match.Groups["token"].Value}/pdf?s=ap\"", html);

        var pdf = await Http.GetAsync(Str(open["invoice_pdf"]));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var text = AssertWellFormedPdf(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("(Invoice HOST-0001) Tj", text);
        Assert.Contains("(Licences | 2 | 5.00 USD) Tj", text);
        Assert.Contains("(Memo: October \\(work\\)) Tj", text);
        Assert.Contains("(Amount remaining: 20.00 USD) Tj", text);

        // Paid out of band: the same link now says so.
        (await _kit.ActionAsync(invoice, "pay", ("paid_out_of_band", "true"))).AssertOk();
        var paid = await _kit.GetAsync(invoice);
        Assert.Equal(url, Str(paid["hosted_invoice_url"]));
        Assert.Contains("id=\"invoice-summary\" class=\"summary\">Paid ", await Http.GetStringAsync(url));
    }

    [Fact]
    public async Task A_link_that_names_no_finalized_invoice_is_not_found()
    {
        var invoice = await OpenInvoiceAsync();
        var url = Str((await _kit.FinalizeAsync(invoice))["hosted_invoice_url"]);
        var match = HostedUrl().Match(url);
        var (baseUrl, acct, token) = (match.Groups["base"].Value, match.Groups["acct"].Value, match.Groups["token"].Value);

        // Another account's path, a token of nothing, a draft's token (derivable, but a draft is not published).
        var otherAccount = "acct_" + new string('0', 32);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"{baseUrl}/i/{otherAccount}/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"{baseUrl}/i/{acct}/test_bm9wZQ")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"{baseUrl}/invoice/{acct}/nonsense/pdf")).StatusCode);
        var customer = await _kit.CustomerAsync();
        var draft = await _kit.DraftAsync(customer);
        var draftToken = "test_" + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{acct},{draft}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"{baseUrl}/i/{acct}/{draftToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(url)).StatusCode);
    }

    /// <summary>
    /// Checks the PDF's frame: header, every cross-reference entry pointing at its object, the trailer's startxref
    /// pointing at the table, the end marker. Returns the document as text (its content streams are uncompressed).
    /// </summary>
    private static string AssertWellFormedPdf(byte[] bytes)
    {
        var text = Encoding.ASCII.GetString(bytes);
        Assert.StartsWith("%PDF-1.4\n", text);
        Assert.EndsWith("%%EOF\n", text);
        var startxref = int.Parse(Regex.Match(text, @"startxref\n(\d+)\n%%EOF\n$").Groups[1].Value);
        Assert.StartsWith("xref\n0 ", text[startxref..]);
        var entries = Regex.Matches(text[startxref..], @"(\d{10}) 00000 n ").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(entries);
        for (var i = 0; i < entries.Count; i++) Assert.StartsWith($"{i + 1} 0 obj\n", text[entries[i]..]);
        foreach (Match stream in Regex.Matches(text, @"<< /Length (\d+) >>\nstream\n"))
        {
            var start = stream.Index + stream.Length;
            Assert.StartsWith("\nendstream", text[(start + int.Parse(stream.Groups[1].Value))..]);
        }
        return text;
    }
}
