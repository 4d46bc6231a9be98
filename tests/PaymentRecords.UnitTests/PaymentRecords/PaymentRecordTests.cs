using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.UnitTests.PaymentRecords;

public class PaymentRecordTests
{
    private static (PaymentRecord Record, PaymentAttemptRecord Attempt) NewRecord(long requested = 1000)
    {
        var record = new PaymentRecord { AccountId = "acct", Id = "pr_1", Currency = "usd", AmountRequested = requested, LatestAttemptId = "" };
        var attempt = NewAttempt("par_1", requested);
        record.StartAttempt(attempt);
        return (record, attempt);
    }

    private static PaymentAttemptRecord NewAttempt(string id, long requested = 1000) => new()
    {
        AccountId = "acct", Id = id, PaymentRecordId = "pr_1", Currency = "usd", AmountRequested = requested,
    };

    private static PaymentRecordRefund Refund(long amount, string attempt = "par_1") => new()
    {
        AccountId = "acct", Id = "prrf_" + amount, PaymentRecordId = "pr_1", PaymentAttemptRecordId = attempt,
        RefundReference = "r" + amount, Amount = amount, Currency = "usd",
    };

    [Fact]
    public void Resolving_sets_the_attempt_its_timestamp_and_the_record()
    {
        var (record, attempt) = NewRecord();
        record.Resolve(attempt, AttemptStatus.Guaranteed, 42);
        Assert.Equal(AttemptStatus.Guaranteed, attempt.Status);
        Assert.Equal(42, attempt.GuaranteedAt);
        Assert.Equal(AttemptStatus.Guaranteed, record.LatestAttemptStatus);
        Assert.Equal(1000, record.Amounts.Guaranteed);
        Assert.Throws<InvalidOperationException>(() => record.Resolve(attempt, AttemptStatus.Failed, 43));
    }

    [Fact]
    public void A_new_attempt_becomes_the_latest()
    {
        var (record, attempt) = NewRecord();
        record.Resolve(attempt, AttemptStatus.Failed, 1);
        var next = NewAttempt("par_2");
        record.StartAttempt(next);
        Assert.Equal("par_2", record.LatestAttemptId);
        Assert.Equal(AttemptStatus.Initiated, record.LatestAttemptStatus);
        Assert.Equal(0, record.Amounts.Failed);
        Assert.Throws<InvalidOperationException>(() => record.Resolve(attempt, AttemptStatus.Guaranteed, 2));
    }

    [Fact]
    public void Refunds_add_up_to_at_most_the_guaranteed_amount()
    {
        var (record, attempt) = NewRecord();
        Assert.Throws<InvalidOperationException>(() => record.ApplyRefund(attempt, Refund(100)));
        record.Resolve(attempt, AttemptStatus.Guaranteed, 1);
        record.ApplyRefund(attempt, Refund(600));
        Assert.Equal(400, record.Refundable);
        Assert.Throws<InvalidOperationException>(() => record.ApplyRefund(attempt, Refund(401)));
        record.ApplyRefund(attempt, Refund(400));
        Assert.Equal(1000, record.AmountRefunded);
        Assert.Equal(1000, attempt.AmountRefunded);
        Assert.Equal(0, record.Refundable);
        Assert.Throws<InvalidOperationException>(() => record.ApplyRefund(attempt, Refund(1)));
    }
}
