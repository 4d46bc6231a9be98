using Microsoft.Extensions.Configuration;
using PaymentRecords.Application.Scheduling;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.UnitTests.Application;

/// <summary>The retry schedule as configuration sets it (docs/endpoints-test-clocks.md, "Dunning defaults").</summary>
public class DunningOptionsTests
{
    private static DunningOptions Bind(Dictionary<string, string?> values)
    {
        var options = new DunningOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Billing:Dunning").Bind(options);
        return options;
    }

    [Fact]
    public void Without_configuration_the_defaults_hold()
    {
        var options = Bind([]);
        Assert.Equal([3, 5, 7], options.RetrySchedule);
        Assert.Equal((DunningEnd.Cancel, false, 7), (options.SubscriptionEnd, options.MarkUncollectible, options.LastAttemptGraceDays));
    }

    [Fact]
    public void A_configured_schedule_replaces_the_default_one_instead_of_adding_to_it()
    {
        var options = Bind(new() { ["Billing:Dunning:RetryDays:0"] = "1", ["Billing:Dunning:RetryDays:1"] = "2", ["Billing:Dunning:SubscriptionEnd"] = "Unpaid" });
        Assert.Equal([1, 2], options.RetrySchedule);
        Assert.Equal(DunningEnd.Unpaid, options.SubscriptionEnd);
    }
}
