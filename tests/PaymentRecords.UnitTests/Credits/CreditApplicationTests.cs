using PaymentRecords.Domain.Credits;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.Credits;

public class CreditApplicationTests
{
    private const long Now = 1_800_000_000;

    private static CreditGrant Grant(long value, string? category = null, int? priority = null, long? expiresAt = null, long effectiveAt = Now - 100,
        long created = Now - 100, string[]? prices = null, string currency = "usd")
    {
        var (grant, _) = CreditGrant.New("acct_1", "cus_1", currency, value, category, prices is null ? CreditGrant.Metered : null, prices ?? [],
            null, effectiveAt, expiresAt, priority, [], null, created);
        return grant;
    }

    private static readonly CreditableLine Metered = new("il_1", "price_m", 1000);

    [Fact]
    public void Category_defaults_to_paid_and_priority_to_50()
    {
        var (grant, granted) = CreditGrant.New("acct_1", "cus_1", "usd", 500, null, CreditGrant.Metered, [], null, Now, null, null, [], null, Now);
        Assert.Equal(CreditGrant.Paid, grant.Category);
        Assert.Equal(50, grant.Priority);
        Assert.Equal(500, grant.Remaining);
        Assert.Equal((CreditBalanceTransaction.Credit, CreditBalanceTransaction.CreditsGranted, 500L), (granted.Type, granted.Reason, granted.Amount));
    }

    [Fact]
    public void Lower_priority_number_applies_first()
    {
        var paid = Grant(800);
        var promo = Grant(300, CreditGrant.Promotional, priority: 10);
        var result = CreditApplication.Allocate([paid, promo], [Metered], "usd", Now);
        Assert.Equal([(promo, 300L), (paid, 700L)], result.Select(a => (a.Grant, a.Amount)));
    }

    [Fact]
    public void At_equal_priority_the_grant_expiring_soonest_applies_first_and_no_expiry_last()
    {
        var never = Grant(1000, CreditGrant.Promotional);
        var late = Grant(1000, expiresAt: Now + 900);
        var soon = Grant(1000, expiresAt: Now + 100);
        var order = CreditApplication.InApplicationOrder([never, late, soon]);
        Assert.Equal([soon, late, never], order);
    }

    [Fact]
    public void Then_promotional_before_paid_then_earliest_effective_then_earliest_created()
    {
        var paid = Grant(1000, effectiveAt: Now - 500);
        var promoLate = Grant(1000, CreditGrant.Promotional, effectiveAt: Now - 10);
        var promoEarlyNew = Grant(1000, CreditGrant.Promotional, effectiveAt: Now - 50, created: Now - 5);
        var promoEarlyOld = Grant(1000, CreditGrant.Promotional, effectiveAt: Now - 50, created: Now - 60);
        Assert.Equal([promoEarlyOld, promoEarlyNew, promoLate, paid], CreditApplication.InApplicationOrder([paid, promoLate, promoEarlyNew, promoEarlyOld]));
    }

    [Fact]
    public void Grants_not_yet_effective_expired_voided_or_in_another_currency_are_not_applied()
    {
        var future = Grant(100, effectiveAt: Now + 1);
        var expired = Grant(100, expiresAt: Now);
        var voided = Grant(100);
        voided.Void(Now - 1);
        var euro = Grant(100, currency: "eur");
        var usable = Grant(100);
        var result = CreditApplication.Allocate([future, expired, voided, euro, usable], [Metered], "usd", Now);
        Assert.Equal([(usable, 100L)], result.Select(a => (a.Grant, a.Amount)));
    }

    [Fact]
    public void A_price_scoped_grant_pays_only_its_prices_and_never_more_than_a_line()
    {
        var scoped = Grant(5000, prices: ["price_b"]);
        var lines = new[] { new CreditableLine("il_a", "price_a", 400), new CreditableLine("il_b", "price_b", 250) };
        var result = CreditApplication.Allocate([scoped], lines, "usd", Now);
        Assert.Equal([("il_b", 250L)], result.Select(a => (a.LineId, a.Amount)));
    }

    [Fact]
    public void Applying_expiring_voiding_and_reinstating_keep_the_ledger_balanced_to_the_cent()
    {
        var grant = Grant(1000, expiresAt: Now + 50);
        var entries = new List<CreditBalanceTransaction>();
        entries.Add(grant.Apply(333, "in_1", "il_1", Now, Now));
        entries.Add(grant.Apply(1, "in_2", "il_2", Now, Now));
        // After expires_at, before its expiry ran: the credits come back, then everything left expires at once.
        entries.AddRange(grant.Reinstate(333, "in_1", "il_1", Now + 100));
        Assert.Equal([(CreditBalanceTransaction.CreditsApplicationInvoiceVoided, 333L), (CreditBalanceTransaction.CreditsExpired, 999L)],
            entries.Skip(2).Select(e => (e.Reason, e.Amount)));
        Assert.True(grant.IsExpired);
        Assert.Equal(0, grant.Remaining);
        // Applied to an invoice voided after the expiry was written: back, and expired again at once.
        var other = Grant(200, expiresAt: Now + 10);
        entries.Add(other.Apply(200, "in_3", "il_3", Now, Now));
        Assert.Null(other.Expire(Now + 10));
        entries.AddRange(other.Reinstate(200, "in_3", "il_3", Now + 20));
        Assert.Equal(0, other.Remaining);
        // Every debit is matched: what was granted (1000 + 200) all left through the entries written here.
        Assert.Equal(1200, -entries.Sum(e => e.Signed));
    }

    [Fact]
    public void Only_a_grant_none_of_which_is_applied_can_be_voided_and_a_voided_grant_can_still_be_expired()
    {
        // Applied in part: void is refused ("You can only void credit grants that you haven't applied to an invoice").
        var grant = Grant(1000);
        grant.Apply(400, "in_1", "il_1", Now, Now);
        Assert.True(grant.IsApplied);
        Assert.Throws<InvalidOperationException>(() => grant.Void(Now + 1));
        // Given back by the invoice's void: no longer applied, so the whole grant can be voided.
        grant.Reinstate(400, "in_1", "il_1", Now + 2);
        Assert.False(grant.IsApplied);
        var voided = grant.Void(Now + 3)!;
        Assert.Equal((CreditBalanceTransaction.Debit, CreditBalanceTransaction.CreditsVoided, 1000L), (voided.Type, voided.Reason, voided.Amount));
        Assert.Throws<InvalidOperationException>(() => grant.Void(Now + 4));
        // "You can't apply voided credit grants to future invoices, but you can expire any remaining credits": nothing remains.
        Assert.Null(grant.Expire(Now + 5));
        Assert.True(grant.IsExpired);
        Assert.Throws<InvalidOperationException>(() => grant.Expire(Now + 6));
        Assert.Equal(0, grant.Remaining);
    }

    [Fact]
    public void Pretax_credits_lower_total_and_amount_due_but_not_subtotal()
    {
        var t = InvoiceTotals.Compute(1500, 0, 0, 0, 0, pretaxCreditAmount: 1000);
        Assert.Equal((1500L, 500L, 500L), (t.Subtotal, t.Total, t.AmountDue));
        var covered = InvoiceTotals.Compute(1000, -200, 0, 0, 0, pretaxCreditAmount: 1000);
        Assert.Equal((0L, 0L, 0L), (covered.Total, covered.AmountDue, covered.EndingBalance + 200));
    }

    [Fact]
    public void Balances_ledger_and_available_differ_by_expired_credits_not_yet_written()
    {
        var expiredNotWritten = Grant(300, expiresAt: Now - 1, effectiveAt: Now - 10);
        var live = Grant(700);
        var euro = Grant(50, currency: "eur");
        var balances = CreditBalances.Summarize([(expiredNotWritten, 300L), (live, 700L), (euro, 50L)], Now);
        Assert.Equal([new CreditBalances.Balance("eur", 50, 50), new CreditBalances.Balance("usd", 1000, 700)], balances);
    }
}
