using System.Text;
using PaymentRecords.Api.HostedInvoices;

namespace PaymentRecords.UnitTests.Invoices;

public class HostedInvoiceLinksTests
{
    private const string Account = "acct_0123456789abcdef0123456789abcdef";

    private static string TokenOf(string text) => "test_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void A_token_names_its_invoice_under_its_own_account_only()
    {
        var token = HostedInvoiceLinks.Token(Account, "in_1AbC");
        Assert.StartsWith("test_", token);
        Assert.Equal("in_1AbC", HostedInvoiceLinks.InvoiceIdOf(Account, token));
        Assert.Null(HostedInvoiceLinks.InvoiceIdOf("acct_ffffffffffffffffffffffffffffffff", token));
    }

    [Theory]
    [InlineData("in_\0")] // PostgreSQL refuses a NUL in text: such an id must never reach it
    [InlineData("in_1,in_2")]
    [InlineData("cus_123")]
    [InlineData("")]
    public void A_token_of_anything_but_an_invoice_id_names_nothing(string invoice) =>
        Assert.Null(HostedInvoiceLinks.InvoiceIdOf(Account, TokenOf($"{Account},{invoice}")));

    [Theory]
    [InlineData("in_123")] // no prefix
    [InlineData("test_%%%")] // not base64url
    [InlineData("test_/w")] // not UTF-8 (0xFF)
    public void A_malformed_token_names_nothing(string token) => Assert.Null(HostedInvoiceLinks.InvoiceIdOf(Account, token));

    [Fact]
    public void The_links_take_the_resolved_base_and_the_default_until_one_is_known()
    {
        string? resolved = null;
        var links = new HostedInvoiceLinks(() => resolved);
        Assert.StartsWith("http://127.0.0.1:12111/i/" + Account + "/test_", links.For(Account, "in_1").HostedInvoiceUrl);
        resolved = "https://billing.test";
        var (page, pdf) = links.For(Account, "in_1");
        Assert.Equal($"https://billing.test/i/{Account}/{HostedInvoiceLinks.Token(Account, "in_1")}?s=ap", page);
        Assert.Equal($"https://billing.test/invoice/{Account}/{HostedInvoiceLinks.Token(Account, "in_1")}/pdf?s=ap", pdf);
    }
}

public class InvoicePdfTests
{
    [Fact]
    public void Text_is_escaped_in_the_fonts_encoding_and_stays_ascii()
    {
        Assert.Equal(@"M\374ller \(\200 12\) \\ ?", InvoicePdf.Escape("Müller (€ 12) \\ 日"));
        var pdf = InvoicePdf.Write("Invoice Ü", ["Ärger"]);
        Assert.All(pdf, b => Assert.True(b < 0x80));
        Assert.Contains(@"(\304rger) Tj", Encoding.ASCII.GetString(pdf));
    }

    [Fact]
    public void A_long_row_goes_on_over_the_next_rows_at_spaces_or_where_it_is_full()
    {
        var words = string.Join(" ", Enumerable.Repeat("consulting", 30));
        var wrapped = InvoicePdf.Wrap(words).ToList();
        Assert.True(wrapped.Count > 1);
        Assert.All(wrapped, r => Assert.True(r.Length <= 90, r));
        Assert.Equal(words.Replace(" ", ""), string.Concat(wrapped).Replace(" ", ""));

        var unbroken = InvoicePdf.Wrap(new string('x', 400)).ToList();
        Assert.All(unbroken, r => Assert.True(r.Length <= 90, r));
        Assert.Equal(400, unbroken.Sum(r => r.Trim().Length));
    }
}
