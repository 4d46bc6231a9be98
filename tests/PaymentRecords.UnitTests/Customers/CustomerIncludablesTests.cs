using System.Text.Json.Nodes;
using PaymentRecords.Api.Customers;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.UnitTests.Customers;

/// <summary>The tax ids behind <c>customer.tax_ids</c>: ids kept from create, country from the type or the VAT number.</summary>
public class CustomerIncludablesTests
{
    [Theory]
    [InlineData("us_ein", "12-3456789", "US")]
    [InlineData("gb_vat", "GB123456789", "GB")]
    [InlineData("ca_gst_hst", "123456789RT0002", "CA")]
    [InlineData("eu_vat", "DE123456789", "DE")]
    [InlineData("eu_vat", "fr12345678901", "FR")]
    [InlineData("eu_vat", "EL123456789", "GR")]
    [InlineData("eu_vat", "XI123456789", "GB")]
    [InlineData("eu_vat", "123", null)]
    [InlineData("eu_oss_vat", "EU123456789", null)]
    [InlineData("unknown", "x", null)]
    public void Country_follows_the_type_or_the_vat_number(string type, string value, string? country) =>
        Assert.Equal(country, CustomerIncludables.Country(type, value));

    [Fact]
    public void New_tax_ids_get_txi_ids_and_render_as_stripe_tax_id_objects()
    {
        var data = JsonNode.Parse("""[{"type":"eu_vat","value":"DE123456789"},{"type":"us_ein","value":"12-3456789"}]""");
        var stored = CustomerIncludables.NewTaxIds(data, 1700000000);
        Assert.Equal(2, stored.Count);
        Assert.All(stored, t => Assert.Matches("^txi_[0-9A-Za-z]{24}$", t!["id"]!.GetValue<string>()));
        Assert.NotEqual(stored[0]!["id"]!.GetValue<string>(), stored[1]!["id"]!.GetValue<string>());

        var rendered = CustomerIncludables.RenderTaxId(stored[0]!.AsObject(), "cus_1");
        Assert.Equal(
            $$"""{"id":"{{stored[0]!["id"]}}","object":"tax_id","country":"DE","created":1700000000,"customer":"cus_1","livemode":false,"owner":{"customer":"cus_1","type":"customer"},"type":"eu_vat","value":"DE123456789","verification":null}""",
            rendered.ToJsonString());
    }

    [Fact]
    public void Rows_stored_before_tax_ids_had_ids_read_with_ids_that_stay_the_same()
    {
        var customer = new Customer { AccountId = "acct", Id = "cus_legacy", InvoicePrefix = "ABCDEFGH", Created = 42 };
        customer.Attributes["tax_id_data"] = JsonNode.Parse("""[{"type":"eu_vat","value":"DE123456789"},{"type":"us_ein","value":"1"}]""");
        var first = CustomerIncludables.StoredTaxIds(customer);
        var again = CustomerIncludables.StoredTaxIds(customer);
        Assert.Equal(2, first.Count);
        Assert.Equal(first.Select(t => t["id"]!.GetValue<string>()), again.Select(t => t["id"]!.GetValue<string>()));
        Assert.All(first, t => Assert.StartsWith("txi_", t["id"]!.GetValue<string>()));
        Assert.Equal(42, first[0]["created"]!.GetValue<long>());
        Assert.Equal("us_ein", first[1]["type"]!.GetValue<string>());
    }
}
