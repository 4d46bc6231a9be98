using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.Invoices;

public class PaymentMethodTypesTests
{
    [Fact]
    public void Forty_types_including_custom()
    {
        Assert.Equal(40, PaymentMethodTypes.All.Count);
        Assert.Equal(40, PaymentMethodTypes.All.Distinct().Count());
        Assert.Contains(PaymentMethodTypes.Custom, PaymentMethodTypes.All);
    }

    [Theory]
    [InlineData("POST", "/v1/invoices")]
    [InlineData("POST", "/v1/invoices/{invoice}")]
    public void The_invoice_operations_accept_exactly_these(string method, string path)
    {
        var settings = StripeOperations.Find(method, path)!.Parameters.Single(p => p.Name == "payment_settings");
        var types = settings.Properties!.Single(p => p.Name == "payment_method_types");
        Assert.Equal(PaymentMethodTypes.All, types.Items!.Enum!);
    }
}
