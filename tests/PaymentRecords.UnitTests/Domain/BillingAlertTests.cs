using PaymentRecords.Domain.Meters;

namespace PaymentRecords.UnitTests.Domain;

/// <summary>A billing alert's status machine and whom it watches.</summary>
public sealed class BillingAlertTests
{
    private static BillingAlert Alert(string? customer = null) => BillingAlert.New("acct", "API usage", "mtr_1", 100, customer, 1_800_000_000);

    [Fact]
    public void A_new_alert_is_an_active_one_time_usage_threshold_with_an_alrt_id()
    {
        var alert = Alert();
        Assert.StartsWith("alrt_", alert.Id);
        Assert.Equal((BillingAlert.Active, BillingAlert.UsageThreshold, BillingAlert.OneTime), (alert.Status, alert.AlertType, alert.Recurrence));
        Assert.Throws<ArgumentOutOfRangeException>(() => BillingAlert.New("acct", "t", "mtr_1", 0, null, 1));
    }

    [Fact]
    public void Moves_report_whether_they_changed_anything_and_archiving_is_for_good()
    {
        var alert = Alert();
        Assert.False(alert.Activate());
        Assert.True(alert.Deactivate());
        Assert.False(alert.Deactivate());
        Assert.Equal(BillingAlert.Inactive, alert.Status);
        Assert.True(alert.Activate());
        Assert.True(alert.Archive());
        Assert.False(alert.Archive());
        Assert.Throws<InvalidOperationException>(() => alert.Activate());
        Assert.Throws<InvalidOperationException>(() => alert.Deactivate());
        Assert.Equal(BillingAlert.Archived, alert.Status);
    }

    [Fact]
    public void Only_an_active_alert_watches_and_a_filtered_one_only_its_customer()
    {
        var any = Alert();
        var one = Alert("cus_a");
        Assert.True(any.Watches("cus_a") && any.Watches("cus_b"));
        Assert.True(one.Watches("cus_a"));
        Assert.False(one.Watches("cus_b"));
        one.Deactivate();
        Assert.False(one.Watches("cus_a"));
    }
}
