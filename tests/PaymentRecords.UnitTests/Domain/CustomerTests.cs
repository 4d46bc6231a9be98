using PaymentRecords.Domain.Customers;

namespace PaymentRecords.UnitTests.Domain;

public class CustomerTests
{
    [Theory]
    [InlineData("A")]
    [InlineData("AB")]
    [InlineData("ABC")]
    [InlineData("A1B2")]
    [InlineData("123")]
    [InlineData("ABCDEFGHIJ12")]
    public void Invoice_prefix_of_1_to_12_uppercase_letters_or_digits_is_valid(string prefix)
    {
        Assert.True(Customer.IsValidInvoicePrefix(prefix));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEFGHIJ123")]
    [InlineData("abc")]
    [InlineData("ABc")]
    [InlineData("AB-C")]
    [InlineData("AB C")]
    [InlineData("ÀBC")]
    public void Other_invoice_prefixes_are_invalid(string prefix)
    {
        Assert.False(Customer.IsValidInvoicePrefix(prefix));
    }

    [Fact]
    public void New_invoice_prefix_is_8_uppercase_letters_or_digits()
    {
        for (var i = 0; i < 200; i++)
        {
            var prefix = Customer.NewInvoicePrefix();
            Assert.Matches("^[A-Z0-9]{8}$", prefix);
            Assert.True(Customer.IsValidInvoicePrefix(prefix));
        }
    }

    [Fact]
    public void New_invoice_prefixes_differ()
    {
        var prefixes = Enumerable.Range(0, 100).Select(_ => Customer.NewInvoicePrefix()).ToList();
        Assert.Equal(prefixes.Count, prefixes.Distinct().Count());
    }

    [Fact]
    public void New_customer_starts_its_invoice_sequence_at_1_with_empty_metadata()
    {
        var customer = new Customer { AccountId = "acct_1", Id = "cus_1", InvoicePrefix = "ABCDEFGH" };
        Assert.Equal(1, customer.NextInvoiceSequence);
        Assert.Empty(customer.Metadata);
        Assert.Equal(0, customer.Balance);
        Assert.False(customer.Deleted);
    }

    [Fact]
    public void The_default_payment_method_is_read_from_invoice_settings_and_clearing_it_keeps_the_other_settings()
    {
        var customer = new Customer { AccountId = "acct_1", Id = "cus_1", InvoicePrefix = "ABC" };
        Assert.Null(customer.DefaultPaymentMethodId);
        customer.Attributes["invoice_settings"] = new System.Text.Json.Nodes.JsonObject { ["default_payment_method"] = "pm_1", ["footer"] = "thanks" };
        Assert.Equal("pm_1", customer.DefaultPaymentMethodId);
        customer.ClearDefaultPaymentMethod();
        Assert.Null(customer.DefaultPaymentMethodId);
        Assert.Equal("thanks", customer.Attributes["invoice_settings"]!["footer"]!.GetValue<string>());
    }
}
