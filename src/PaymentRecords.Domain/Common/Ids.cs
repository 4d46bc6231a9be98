using System.Security.Cryptography;

namespace PaymentRecords.Domain.Common;

/// <summary>Stripe-style ids: a prefix and 24 random base62 characters (~143 bits).</summary>
public static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int RandomLength = 24;

    public const string Customer = "cus_";
    public const string Invoice = "in_";
    public const string InvoiceItem = "ii_";
    public const string InvoiceLine = "il_";
    public const string CreditNote = "cn_";
    public const string CreditNoteLine = "cnli_";
    public const string InvoicePayment = "inpay_";
    public const string PaymentRecord = "pr_";
    public const string PaymentAttemptRecord = "par_";
    /// <summary>Internal id of a reported payment-record refund (never on the wire).</summary>
    public const string PaymentRecordRefund = "prrf_";
    /// <summary>Internal id of a credit note's citation of a refund group (never on the wire).</summary>
    public const string CreditNoteRefund = "cnrf_";
    public const string BalanceTransaction = "cbtxn_";
    public const string TaxId = "txi_";
    public const string Product = "prod_";
    public const string Price = "price_";
    public const string PaymentMethod = "pm_";
    public const string Subscription = "sub_";
    public const string SubscriptionItem = "si_";
    public const string TestClock = "clock_";
    public const string CreditGrant = "credgr_";
    /// <summary>A credit grant's ledger entry (Stripe uses the customer balance transactions' prefix for both).</summary>
    public const string CreditBalanceTransaction = "cbtxn_";
    public const string Meter = "mtr_";
    public const string BillingAlert = "alrt_";
    public const string Discount = "di_";
    public const string Event = "evt_";
    public const string Request = "req_";

    public static string New(string prefix) => prefix + Random(RandomLength);

    private const int OrderedLength = 11;
    private static long _lastOrdered = DateTime.UtcNow.Ticks;

    /// <summary>
    /// An id that sorts after every earlier one from this process: 11 base62 characters of a strictly increasing
    /// counter, then 13 random ones. EF Core writes the inserts of one SaveChanges sorted by key, so events get
    /// these ids to be stored, and listed, in the order a request emitted them.
    /// </summary>
    public static string NewOrdered(string prefix)
    {
        var value = Interlocked.Increment(ref _lastOrdered);
        Span<char> chars = stackalloc char[OrderedLength];
        for (var i = OrderedLength - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value % Alphabet.Length)];
            value /= Alphabet.Length;
        }
        return prefix + new string(chars) + Random(RandomLength - OrderedLength);
    }

    /// <summary>
    /// <paramref name="length"/> characters drawn uniformly from <paramref name="alphabet"/>. One call for all of them:
    /// a call per character cost a getrandom(2) each, 14% of a customer retrieve (its Request-Id).
    /// </summary>
    public static string Random(int length, string alphabet = Alphabet) =>
        string.Create(length, alphabet, static (chars, choices) => RandomNumberGenerator.GetItems(choices.AsSpan(), chars));
}
