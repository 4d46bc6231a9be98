using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.UnitTests.PaymentRecords;

public class PaymentAmountRulesTests
{
    [Theory]
    //                                   amount auth  canc  fail  guar  refd  req
    [InlineData(AttemptStatus.Initiated, 1000, 0, 0, 0, 0, 0, 1000)]
    [InlineData(AttemptStatus.Guaranteed, 1000, 1000, 0, 0, 1000, 0, 1000)]
    [InlineData(AttemptStatus.Failed, 1000, 0, 0, 1000, 0, 0, 1000)]
    [InlineData(AttemptStatus.Canceled, 1000, 0, 1000, 0, 0, 0, 1000)]
    public void Amounts_follow_the_latest_attempt(AttemptStatus latest, long amount, long authorized, long canceled, long failed,
        long guaranteed, long refunded, long requested) =>
        Assert.Equal(new PaymentAmounts(amount, authorized, canceled, failed, guaranteed, refunded, requested),
            PaymentAmountRules.Derive(latest, 1000, 0));

    [Fact]
    public void Refunded_is_the_sum_reported()
    {
        var amounts = PaymentAmountRules.Derive(AttemptStatus.Guaranteed, 1000, 350);
        Assert.Equal(350, amounts.Refunded);
        Assert.Equal(1000, amounts.Guaranteed);
    }

    [Theory]
    [InlineData(AttemptStatus.Guaranteed, 1000, 0, 1000)]
    [InlineData(AttemptStatus.Guaranteed, 1000, 400, 600)]
    [InlineData(AttemptStatus.Guaranteed, 1000, 1000, 0)]
    [InlineData(AttemptStatus.Initiated, 1000, 0, 0)]
    [InlineData(AttemptStatus.Failed, 1000, 0, 0)]
    [InlineData(AttemptStatus.Canceled, 1000, 0, 0)]
    public void Refundable_is_guaranteed_less_refunded(AttemptStatus latest, long requested, long refunded, long refundable) =>
        Assert.Equal(refundable, PaymentAmountRules.Refundable(latest, requested, refunded));
}
