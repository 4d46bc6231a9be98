using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.UnitTests.PaymentRecords;

public class AttemptLifecycleTests
{
    private static readonly AttemptStatus[] All = Enum.GetValues<AttemptStatus>();

    [Fact]
    public void Only_an_initiated_attempt_resolves_and_only_to_a_final_status()
    {
        foreach (var from in All)
        {
            foreach (var to in All)
            {
                var expected = from == AttemptStatus.Initiated && to != AttemptStatus.Initiated;
                Assert.True(AttemptLifecycle.CanResolve(from, to) == expected, $"{from} -> {to}");
            }
        }
    }

    [Theory]
    [InlineData(AttemptStatus.Initiated, false)]
    [InlineData(AttemptStatus.Guaranteed, false)]
    [InlineData(AttemptStatus.Failed, true)]
    [InlineData(AttemptStatus.Canceled, true)]
    public void A_new_attempt_starts_only_after_failed_or_canceled(AttemptStatus latest, bool allowed) =>
        Assert.Equal(allowed, AttemptLifecycle.CanStartNewAttempt(latest));

    [Fact]
    public void Only_a_guaranteed_attempt_can_be_refunded()
    {
        foreach (var status in All)
            Assert.Equal(status == AttemptStatus.Guaranteed, AttemptLifecycle.CanRefund(status));
    }

    [Fact]
    public void Wire_names_are_Stripes_lowercase_spelling() =>
        Assert.Equal(["initiated", "guaranteed", "failed", "canceled"], All.Select(s => s.Wire()));
}
