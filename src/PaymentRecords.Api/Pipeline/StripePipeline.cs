using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PaymentRecords.Api.Wire;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.Idempotency;
using PaymentRecords.Persistence.SingleTrip;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// The fixed stages every Stripe operation goes through: decode query + body, coerce against the operation's
/// parameters, validate expand[], then (for writes) one transaction holding the idempotency lock, the handler's
/// changes, its events and the stored response. Business errors roll the transaction back and are then stored
/// for the Idempotency-Key; parameter errors store nothing.
/// </summary>
public sealed class StripePipeline(
    PaymentRecordsDbContext db,
    IdempotencyStore idempotency,
    SingleTripSave singleTrip,
    ExpansionRegistry expansions,
    TestHooks testHooks,
    ILogger<StripePipeline> logger)
{
    private const int MaxAttempts = 3;

    public async Task ExecuteAsync(HttpContext http, StripeRoute route)
    {
        var accountId = RequestContext.AccountId(http);
        var requestId = RequestContext.RequestId(http);
        StripeParams parameters;
        ExpandTree expand;
        try
        {
            var body = await ReadFormBodyAsync(http);
            var form = FormDecoder.Decode(http.Request.QueryString.Value, body);
            parameters = new StripeParams(ParamCoercer.Coerce(form, route.Operation.Parameters));
            expand = ExpandTree.Parse(parameters.Strings("expand"), route.IsList);
            expansions.Validate(route.ResponseObjectType, expand, route.IsList, route.IsSearch);
        }
        catch (StripeException e)
        {
            await StripeResponses.WriteErrorAsync(http, e.Error);
            return;
        }

        var key = route.Method == "POST" ? http.Request.Headers["Idempotency-Key"].ToString() : "";
        if (key.Length > IdempotencyStore.MaxKeyLength)
        {
            await StripeResponses.WriteErrorAsync(http, ErrorCatalog.IdempotencyKeyTooLong());
            return;
        }

        var scope = new RequestScope
        {
            Http = http,
            Db = db,
            AccountId = accountId,
            RequestId = requestId,
            IdempotencyKey = key.Length > 0 ? key : null,
            Params = parameters,
            Expand = expand,
            Expansions = expansions,
            SendsOnly = !route.IsWrite,
        };

        if (!route.IsWrite)
        {
            await RunReadAsync(http, route, scope);
            return;
        }
        var fingerprint = key.Length > 0 ? Fingerprint(route, parameters.Values) : "";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!route.CanRunBeforeTransaction || !await TrySingleTripAsync(http, route, scope, fingerprint))
                    await RunWriteAsync(http, route, scope, fingerprint);
                return;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e))
            {
                logger.LogInformation("Retrying {Route} after a transient database conflict ({Message})", route.Pattern, e.Message);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task RunReadAsync(HttpContext http, StripeRoute route, RequestScope scope)
    {
        try
        {
            var result = await route.Handler(scope);
            await StripeResponses.WriteJsonAsync(http, 200, result);
        }
        catch (StripeException e)
        {
            await StripeResponses.WriteErrorAsync(http, e.Error);
        }
    }

    /// <summary>
    /// A create (new rows only) in one round trip: the handler runs first, outside any transaction (it reads at most),
    /// then <see cref="SingleTripSave"/> sends the key's claim, the rows, the stored response and the commit together.
    /// Returns false, with nothing written and the change tracker cleared, when the request must run the classic way
    /// instead: the handler refused (so the claim, the replay of a stored response and the storing of the error happen
    /// exactly as before), it changed more than new rows, a response is already stored for the key, or a unique index
    /// refused a row (the classic run maps it to its rule's error and stores that).
    /// </summary>
    private async Task<bool> TrySingleTripAsync(HttpContext http, StripeRoute route, RequestScope scope, string fingerprint)
    {
        db.ChangeTracker.Clear();
        SingleTripSave.ClearGuards(db);
        string body;
        try
        {
            testHooks.ThrowIfAsked(http);
            body = (await route.Handler(scope)).ToJsonString(StripeJson.Options);
        }
        catch (StripeException)
        {
            db.ChangeTracker.Clear();
            SingleTripSave.ClearGuards(db);
            return false;
        }
        if (!SingleTripSave.CanSave(db))
        {
            db.ChangeTracker.Clear();
            SingleTripSave.ClearGuards(db);
            return false;
        }

        var response = scope.IdempotencyKey is { } key
            ? IdempotencyStore.New(scope.AccountId, key, $"{route.Method} {http.Request.Path}", fingerprint, 200, body, scope.RequestId)
            : null;
        SingleTripSave.Outcome outcome;
        try
        {
            outcome = await singleTrip.SaveAsync(db, response, testHooks.DelayAsked(http));
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or SingleTripSave.GuardFailedState)
        {
            db.ChangeTracker.Clear();
            return false;
        }
        switch (outcome)
        {
            case SingleTripSave.Outcome.Saved:
                await StripeResponses.WriteJsonAsync(http, 200, body);
                return true;
            case SingleTripSave.Outcome.KeyInUse:
                await StripeResponses.WriteErrorAsync(http, ErrorCatalog.IdempotencyInUse(scope.IdempotencyKey!));
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The classic write: one transaction holding the key's claim, the handler's reads, locks and writes, the stored
    /// response and the commit. The claim rides in front of the handler's first query
    /// (<see cref="ClaimRidesFirstQuery"/>); with <paramref name="claimFirst"/> it is sent on its own before the handler,
    /// as the fallback for what the riding claim cannot answer itself (a stored response to replay, a handler that
    /// refused before any query).
    /// </summary>
    private async Task RunWriteAsync(HttpContext http, StripeRoute route, RequestScope scope, string fingerprint, bool claimFirst = false)
    {
        var endpoint = $"{route.Method} {http.Request.Path}";
        // No savepoint around each SaveChanges (two round trips each): a failed flush fails the request, and the whole
        // transaction is rolled back; nothing continues after it.
        db.Database.AutoSavepointsEnabled = false;
        ClaimRidesFirstQuery.Forget(db);
        await using var tx = await db.Database.BeginTransactionAsync();
        CommitRidesLastFlush.BeginUnit(db);
        try
        {
            if (scope.IdempotencyKey is { } key)
            {
                if (!claimFirst) ClaimRidesFirstQuery.Request(db, scope.AccountId, key, testHooks.DelayAsked(http));
                else if (!await ClaimAsync(http, tx, key, endpoint, fingerprint)) return;
            }

            string body;
            var committed = false;
            try
            {
                testHooks.ThrowIfAsked(http);
                var result = await route.Handler(scope);
                body = result.ToJsonString(StripeJson.Options);
                if (scope.IdempotencyKey is { } idemKey)
                {
                    // The handler sent no query the claim could ride: it goes on its own, before the flush.
                    if (ClaimRidesFirstQuery.TakePending(db) is not null && !await ClaimAsync(http, tx, idemKey, endpoint, fingerprint))
                    {
                        db.ChangeTracker.Clear();
                        return;
                    }
                    idempotency.AddSuccess(scope.AccountId, idemKey, endpoint, fingerprint, 200, body, scope.RequestId);
                }
                committed = await UniqueRules.SaveAndCommitAsync(db);
            }
            catch (StripeException e)
            {
                await tx.RollbackAsync();
                db.ChangeTracker.Clear();
                if (ClaimRidesFirstQuery.TakePending(db) is not null)
                {
                    // Refused before any query, so before the key was claimed: the claim decides (a stored response is
                    // replayed, a request in flight answers 409), then the handler runs again under it.
                    await RunWriteAsync(http, route, scope, fingerprint, claimFirst: true);
                    return;
                }
                var errorBody = e.Error.ToJson().ToJsonString(StripeJson.Options);
                // Stripe saves the result once the endpoint has started, except for a refusal of the parameters' shape.
                if (scope.IdempotencyKey is { } k && !e.Error.IsParameterError)
                    await idempotency.StoreErrorAsync(scope.AccountId, k, endpoint, fingerprint, e.Error.Status, errorBody, scope.RequestId);
                await StripeResponses.WriteJsonAsync(http, e.Error.Status, errorBody);
                return;
            }
            catch (Exception e) when (ClaimRefused(e) is { } state)
            {
                await tx.RollbackAsync();
                db.ChangeTracker.Clear();
                if (state == ClaimRidesFirstQuery.KeyInUseState)
                    await StripeResponses.WriteErrorAsync(http, ErrorCatalog.IdempotencyInUse(scope.IdempotencyKey!));
                else
                    await RunWriteAsync(http, route, scope, fingerprint, claimFirst: true);
                return;
            }

            if (!committed) await tx.CommitAsync();
            await StripeResponses.WriteJsonAsync(http, 200, body);
        }
        finally
        {
            ClaimRidesFirstQuery.Forget(db);
            CommitRidesLastFlush.EndUnit(db);
        }
    }

    /// <summary>The SQLSTATE of a riding claim that refused (key in use, response stored), wrapped or not.</summary>
    private static string? ClaimRefused(Exception e) =>
        (e as PostgresException ?? e.InnerException as PostgresException)?.SqlState is { } state
        && state is ClaimRidesFirstQuery.KeyInUseState or ClaimRidesFirstQuery.KeyStoredState
            ? state
            : null;

    /// <summary>
    /// The claim on its own (one round trip): false when it answered the request itself (409 while the key is in
    /// flight, the stored response replayed, or the mismatch error), with the transaction rolled back.
    /// </summary>
    private async Task<bool> ClaimAsync(HttpContext http, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, string key,
        string endpoint, string fingerprint)
    {
        var claim = await idempotency.ClaimAsync(RequestContext.AccountId(http), key);
        if (claim.InUse)
        {
            await tx.RollbackAsync();
            await StripeResponses.WriteErrorAsync(http, ErrorCatalog.IdempotencyInUse(key));
            return false;
        }
        if (claim.Stored is { } stored)
        {
            await tx.RollbackAsync();
            if (stored.Endpoint != endpoint || stored.RequestHash != fingerprint)
            {
                await StripeResponses.WriteErrorAsync(http, ErrorCatalog.IdempotencyMismatch(key));
                return false;
            }
            http.Response.Headers["Idempotent-Replayed"] = "true";
            http.Response.Headers["Request-Id"] = stored.RequestId;
            await StripeResponses.WriteJsonAsync(http, stored.StatusCode, stored.ResponseBody);
            return false;
        }
        await testHooks.DelayIfAskedAsync(http);
        return true;
    }

    private static async Task<string?> ReadFormBodyAsync(HttpContext http)
    {
        if (HttpLimits.CheckContentType(http.Request) is { } unsupported) throw new StripeException(unsupported);
        if (http.Request.ContentLength == 0 || !(HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsDelete(http.Request.Method)))
            return null;
        try
        {
            // The whole body from Kestrel's pipe, decoded once (a StreamReader's buffers were a tenth of a create's
            // allocations). A body opening with a UTF-16 or UTF-32 byte order mark is read as the StreamReader read it.
            var body = http.Request.BodyReader;
            while (true)
            {
                var read = await body.ReadAsync();
                if (!read.IsCompleted)
                {
                    body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    continue;
                }
                var bytes = read.Buffer;
                var first = bytes.IsEmpty ? (byte)0 : bytes.FirstSpan[0];
                string text;
                if (first is 0xFE or 0xFF)
                {
                    using var reader = new StreamReader(new MemoryStream(bytes.ToArray()), Encoding.UTF8);
                    text = await reader.ReadToEndAsync();
                }
                else
                {
                    text = Encoding.UTF8.GetString(bytes);
                    if (text.StartsWith('\uFEFF')) text = text[1..];
                }
                body.AdvanceTo(bytes.End);
                return text;
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel refuses the body (over MaxRequestBodySize, bad chunked framing, too slow): its status, our envelope.
            throw new StripeException(HttpErrors.ForStatus(e.StatusCode));
        }
    }

    /// <summary>
    /// Same parameters in any order give the same fingerprint: the SHA-256 of the parameters as JSON with every
    /// object's keys in ordinal order, written straight to UTF-8 (the same bytes as that sorted tree's
    /// <c>ToJsonString()</c>, so fingerprints stored by earlier versions still match; FingerprintTests).
    /// </summary>
    // The canonical form's buffer and writer, one per thread: a fingerprint is computed start to end without awaiting.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_canonical;
    [ThreadStatic] private static Utf8JsonWriter? t_canonicalWriter;

    internal static string Fingerprint(StripeRoute route, JsonObject values)
    {
        var canonical = t_canonical ??= new ArrayBufferWriter<byte>(1024);
        canonical.ResetWrittenCount();
        var writer = t_canonicalWriter ??= new Utf8JsonWriter(canonical);
        writer.Reset(canonical);
        WriteCanonical(writer, values);
        writer.Flush();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(canonical.WrittenSpan, hash);
        // A buffer a very large request grew is not kept.
        if (canonical.Capacity > 64 * 1024) (t_canonical, t_canonicalWriter) = (null, null);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Orders an object's members by key, ordinally, for the canonical form.</summary>
    private sealed class ByKey : IComparer<KeyValuePair<string, JsonNode?>>
    {
        public static readonly ByKey Instance = new();

        public int Compare(KeyValuePair<string, JsonNode?> x, KeyValuePair<string, JsonNode?> y) => string.CompareOrdinal(x.Key, y.Key);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                writer.WriteStartObject();
                var count = o.Count;
                var sorted = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(count);
                try
                {
                    for (var i = 0; i < count; i++) sorted[i] = o.GetAt(i);
                    Array.Sort(sorted, 0, count, ByKey.Instance);
                    for (var i = 0; i < count; i++)
                    {
                        writer.WritePropertyName(sorted[i].Key);
                        WriteCanonical(writer, sorted[i].Value);
                    }
                }
                finally
                {
                    Array.Clear(sorted, 0, count);
                    ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(sorted);
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    internal static bool IsTransient(Exception e)
    {
        var pg = e as PostgresException ?? e.InnerException as PostgresException;
        return pg?.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;
    }
}

/// <summary>Writes Stripe's JSON bodies.</summary>
public static class StripeResponses
{
    public static Task WriteErrorAsync(HttpContext http, StripeError error) =>
        WriteJsonAsync(http, error.Status, error.ToJson());

    /// <summary>
    /// A read's body, written as UTF-8 straight into the response: the same bytes as <c>ToJsonString(StripeJson.Options)</c>
    /// without a UTF-16 copy of them (a page of 100 invoices is a 550 KB string otherwise).
    /// </summary>
    public static async Task WriteJsonAsync(HttpContext http, int status, JsonNode json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(http.Response.BodyWriter, StripeJson.WriterOptions))
            json.WriteTo(writer);
        await http.Response.BodyWriter.FlushAsync();
    }

    public static async Task WriteJsonAsync(HttpContext http, int status, string json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json);
    }

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
}
