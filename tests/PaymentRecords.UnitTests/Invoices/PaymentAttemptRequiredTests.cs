using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.Invoices;

public sealed class PaymentAttemptRequiredTests
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "custom", true)]
    [InlineData("custom", null, true)]
    [InlineData("card", "custom", false)]
    [InlineData("custom", "card", true)]
    [InlineData(null, "card", false)]
    public void The_invoice_default_wins_over_the_customer_default(string? invoiceDefault, string? customerDefault, bool required) =>
        Assert.Equal(required, PaymentAttemptRequired.DefaultPaymentMethodIsCustom(invoiceDefault, customerDefault));
}
