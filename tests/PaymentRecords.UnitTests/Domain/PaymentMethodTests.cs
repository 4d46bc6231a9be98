using System.Text.Json.Nodes;
using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.UnitTests.Domain;

public class PaymentMethodTests
{
    private static PaymentMethod New() => new() { AccountId = "acct_1", Id = "pm_1", Type = PaymentMethod.Custom, CustomType = "cpmt_1" };

    [Fact]
    public void Attach_sets_the_customer_and_again_to_the_same_customer_changes_nothing()
    {
        var pm = New();
        Assert.Null(pm.AttachTo("cus_1"));
        Assert.Equal("cus_1", pm.CustomerId);
        Assert.Null(pm.AttachTo("cus_1"));
        Assert.Equal("cus_1", pm.CustomerId);
    }

    [Fact]
    public void Attach_to_another_customer_is_refused_and_leaves_it_attached()
    {
        var pm = New();
        pm.AttachTo("cus_1");
        Assert.Equal(PaymentMethodRefusal.AlreadyAttached, pm.AttachTo("cus_2"));
        Assert.Equal("cus_1", pm.CustomerId);
    }

    [Fact]
    public void Detach_consumes_it_so_it_cannot_be_attached_again()
    {
        var pm = New();
        pm.AttachTo("cus_1");
        Assert.Null(pm.Detach());
        Assert.Null(pm.CustomerId);
        Assert.True(pm.Consumed);
        Assert.Equal(PaymentMethodRefusal.Consumed, pm.AttachTo("cus_1"));
        Assert.Null(pm.CustomerId);
    }

    [Fact]
    public void Detach_of_one_attached_to_nobody_is_refused()
    {
        var pm = New();
        Assert.Equal(PaymentMethodRefusal.NotAttached, pm.Detach());
        Assert.False(pm.Consumed);
    }

    [Fact]
    public void Billing_details_merge_key_by_key_address_too_and_an_empty_string_removes()
    {
        var pm = New();
        pm.MergeBillingDetails(new JsonObject { ["name"] = "Ann", ["email"] = "a@example.com", ["address"] = new JsonObject { ["city"] = "Oslo", ["line1"] = "Street 1" } });
        pm.MergeBillingDetails(new JsonObject { ["email"] = "", ["address"] = new JsonObject { ["city"] = "Bergen" } });
        var details = pm.Attributes["billing_details"]!.AsObject();
        Assert.Equal("Ann", details["name"]!.GetValue<string>());
        Assert.False(details.ContainsKey("email"));
        Assert.Equal("Bergen", details["address"]!["city"]!.GetValue<string>());
        Assert.Equal("Street 1", details["address"]!["line1"]!.GetValue<string>());
    }
}
