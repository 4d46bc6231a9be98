using System.Collections.Concurrent;

namespace PaymentRecords.Persistence.Stores;

/// <summary>
/// Stored invoice renderings this process has read, each with the version it is the rendering of, so that a page of
/// invoices asks PostgreSQL only for the bodies it does not hold: <see cref="EfInvoiceRenderings.PageAsync"/> sends the
/// kept keys and gets no body back for a row still at a kept version. Sending a page's 292 KB of bodies was about 0.45 ms
/// of the 1.5 ms that issue 11 gives the page (bench/README.md, "Issue 11, twelfth session").
/// <para>
/// A kept body is always the one the database stores for that version, byte for byte: it is kept only as read from a
/// row holding that version, and a version never renders two contents, because every change to what a rendering is
/// made of moves it and empties the body in the change's own transaction (migration <c>InvoiceRenderings</c>), and an
/// invoice's id is never reused. The database decides, in the page's own statement, which version is current; what is
/// kept here decides only how many bytes that statement sends, never what a page shows. So two replicas, a restart or a
/// write by any path are safe, as for <see cref="SingleTrip.RememberedRows"/>.
/// </para>
/// <para>
/// Bounded for issue 11's resident set (about 2.7 KB a body): at most <see cref="KeptPerAccount"/> per account (two
/// pages of 100) and <see cref="Kept"/> in all; past either, that account's or every account's are forgotten and read again.
/// </para>
/// </summary>
public static class KeptRenderings
{
    private const int KeptPerAccount = 200;
    private const int Kept = 1000;

    private static readonly ConcurrentDictionary<string, Account> Accounts = new(StringComparer.Ordinal);
    private static int _count;

    /// <summary>The account's kept renderings as the page's statement matches them: <c>"{invoice id}:{version}"</c>.</summary>
    public static string[] Keys(string accountId) => Accounts.TryGetValue(accountId, out var account) ? account.Keys() : [];

    /// <summary>The body kept for the invoice at exactly <paramref name="version"/>, or null.</summary>
    public static byte[]? Body(string accountId, string invoiceId, long version) =>
        Accounts.TryGetValue(accountId, out var account) ? account.Body(invoiceId, version) : null;

    /// <summary>Keeps a body as the database holds it for <paramref name="version"/> (replacing an older version's).</summary>
    public static void Keep(string accountId, string invoiceId, long version, byte[] body)
    {
        if (Volatile.Read(ref _count) >= Kept) Forget();
        var added = Accounts.GetOrAdd(accountId, _ => new Account()).Keep(invoiceId, version, body);
        Interlocked.Add(ref _count, added);
    }

    /// <summary>The key a page's statement compares with its row's: the invoice's id and the rendering's version.</summary>
    public static string Key(string invoiceId, long version) => $"{invoiceId}:{version}";

    private static void Forget()
    {
        Accounts.Clear();
        Volatile.Write(ref _count, 0);
    }

    private sealed class Account
    {
        private readonly Dictionary<string, (long Version, byte[] Body)> _bodies = new(StringComparer.Ordinal);
        private string[]? _keys;

        public string[] Keys()
        {
            lock (_bodies) return _keys ??= _bodies.Select(b => Key(b.Key, b.Value.Version)).ToArray();
        }

        public byte[]? Body(string invoiceId, long version)
        {
            lock (_bodies) return _bodies.TryGetValue(invoiceId, out var kept) && kept.Version == version ? kept.Body : null;
        }

        /// <summary>Keeps the body; returns how many more bodies the account holds (1, 0, or fewer when it forgot them).</summary>
        public int Keep(string invoiceId, long version, byte[] body)
        {
            lock (_bodies)
            {
                var added = 0;
                if (_bodies.TryGetValue(invoiceId, out var kept))
                {
                    if (kept.Version >= version) return 0;
                }
                else if (_bodies.Count >= KeptPerAccount)
                {
                    added = 1 - _bodies.Count;
                    _bodies.Clear();
                }
                else added = 1;
                _bodies[invoiceId] = (version, body);
                _keys = null;
                return added;
            }
        }
    }
}
