namespace PaymentRecords.Domain.Money;

/// <summary>
/// The one currency table: Stripe's supported presentment currencies (lowercase ISO 4217) and how many minor
/// digits each has. Every resource checks currencies and amount limits here.
/// </summary>
public static class Currencies
{
    /// <summary>
    /// The account's default currency: an invoice or item with no currency of its own or its customer's takes it, and
    /// a customer given a nonzero balance without a currency is stamped with it (as Stripe stamps the account's).
    /// </summary>
    public const string AccountDefault = "usd";

    /// <summary>Stripe's largest charge amount, in minor units (8 digits).</summary>
    public const long MaxAmount = 99_999_999;

    /// <summary>Currencies whose amounts are whole units (no minor unit).</summary>
    public static readonly IReadOnlySet<string> ZeroDecimal = new HashSet<string>(StringComparer.Ordinal)
    {
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    };

    /// <summary>Currencies with three minor digits.</summary>
    public static readonly IReadOnlySet<string> ThreeDecimal = new HashSet<string>(StringComparer.Ordinal)
    {
        "bhd", "jod", "kwd", "omr", "tnd",
    };

    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "usd", "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd", "bdt", "bgn", "bhd",
        "bif", "bmd", "bnd", "bob", "brl", "bsd", "bwp", "byn", "bzd", "cad", "cdf", "chf", "clp", "cny", "cop", "crc",
        "cve", "czk", "djf", "dkk", "dop", "dzd", "egp", "etb", "eur", "fjd", "fkp", "gbp", "gel", "gip", "gmd", "gnf",
        "gtq", "gyd", "hkd", "hnl", "hrk", "htg", "huf", "idr", "ils", "inr", "isk", "jmd", "jod", "jpy", "kes", "kgs",
        "khr", "kmf", "krw", "kwd", "kyd", "kzt", "lak", "lbp", "lkr", "lrd", "lsl", "mad", "mdl", "mga", "mkd", "mmk",
        "mnt", "mop", "mur", "mvr", "mwk", "mxn", "myr", "mzn", "nad", "ngn", "nio", "nok", "npr", "nzd", "omr", "pab",
        "pen", "pgk", "php", "pkr", "pln", "pyg", "qar", "ron", "rsd", "rub", "rwf", "sar", "sbd", "scr", "sek", "sgd",
        "shp", "sle", "sos", "srd", "std", "szl", "thb", "tjs", "tnd", "top", "try", "ttd", "twd", "tzs", "uah", "ugx",
        "uyu", "uzs", "vnd", "vuv", "wst", "xaf", "xcd", "xof", "xpf", "yer", "zar", "zmw",
    };

    /// <summary>The supported currencies as Stripe lists them when refusing one: usd, then the others alphabetically.</summary>
    public static readonly IReadOnlyList<string> InStripeOrder =
        [AccountDefault, .. Supported.Where(c => c != AccountDefault).Order(StringComparer.Ordinal)];

    public static bool IsSupported(string? currency) => currency is not null && Supported.Contains(currency);

    /// <summary>Minor digits: 0, 2 or 3.</summary>
    public static int MinorDigits(string currency) =>
        ZeroDecimal.Contains(currency) ? 0 : ThreeDecimal.Contains(currency) ? 3 : 2;

    /// <summary>Normalizes what a caller sent ("USD" → "usd"); null when not a supported currency.</summary>
    public static string? Normalize(string? currency)
    {
        var lower = currency?.Trim().ToLowerInvariant();
        return IsSupported(lower) ? lower : null;
    }
}
