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
    public const string BalanceTransaction = "cbtxn_";
    public const string Event = "evt_";
    public const string Request = "req_";

    public static string New(string prefix) => prefix + Random(RandomLength);

    public static string Random(int length, string alphabet = Alphabet)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return new string(chars);
    }
}
