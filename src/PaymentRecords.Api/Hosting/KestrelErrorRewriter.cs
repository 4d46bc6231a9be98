using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// Kestrel answers requests it cannot parse (a NUL in the URL, an invalid header byte, a request line or headers
/// over its hard limits, an unsupported HTTP version, a header timeout…) itself, with an empty body, before any
/// middleware runs; it offers no hook to change that answer. This connection middleware sits between Kestrel's
/// HTTP/1.1 layer and the socket and replaces exactly that answer with Stripe's envelope.
/// <para>
/// How it recognises Kestrel's answer: it is the last thing written on the connection (Kestrel closes it right
/// after), a bare header block (<c>HTTP/1.1 4xx|5xx</c>, <c>Content-Length: 0</c>, <c>Connection: close</c>)
/// without the <c>Request-Id</c> header that every answer of the application carries. Output is forwarded as it
/// is flushed; only a trailing block of that shape is held back until the next write (then forwarded unchanged)
/// or the end of the connection (then rewritten). HTTP/2 frames and TLS records never take that shape.
/// </para>
/// </summary>
public static class KestrelErrorRewriter
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] StatusLineStart = "HTTP/1.1 "u8.ToArray();

    /// <summary>Kestrel's bare error answers are under 200 bytes; anything longer at the tail is not one.</summary>
    private const int MaxBlock = 1024;

    public static ListenOptions UseStripeErrorsForKestrelRefusals(this ListenOptions listen)
    {
        listen.Use(next => connection => RunAsync(connection, next));
        return listen;
    }

    private static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var transport = connection.Transport;
        var kestrelOutput = new Pipe(new PipeOptions(useSynchronizationContext: false));
        connection.Transport = new DuplexPipe(transport.Input, kestrelOutput.Writer);
        var pump = PumpAsync(kestrelOutput.Reader, transport.Output);
        try
        {
            await next(connection);
        }
        finally
        {
            // Kestrel has completed its writer by now (or is about to); the pump ends with it.
            await kestrelOutput.Writer.CompleteAsync();
            await pump;
            connection.Transport = transport;
        }
    }

    private static async Task PumpAsync(PipeReader reader, PipeWriter output)
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                if (result.IsCanceled) break;
                var candidate = FindBareErrorBlock(buffer);
                if (candidate >= 0 && result.IsCompleted)
                {
                    Write(output, buffer.Slice(0, candidate));
                    output.Write(Rewrite(buffer.Slice(candidate)));
                    reader.AdvanceTo(buffer.End);
                }
                else if (candidate >= 0)
                {
                    // Hold the candidate back: if more follows, it was not Kestrel's last word after all.
                    Write(output, buffer.Slice(0, candidate));
                    reader.AdvanceTo(buffer.GetPosition(candidate), buffer.End);
                }
                else
                {
                    Write(output, buffer);
                    reader.AdvanceTo(buffer.End);
                }
                var flush = await output.FlushAsync();
                if (result.IsCompleted || flush.IsCompleted || flush.IsCanceled) break;
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        await reader.CompleteAsync(failure);
        await output.CompleteAsync(failure);
    }

    private static void Write(PipeWriter output, ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes) output.Write(segment.Span);
    }

    /// <summary>The offset of a trailing bare error header block (see the class summary), or -1.</summary>
    internal static long FindBareErrorBlock(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < StatusLineStart.Length + HeaderEnd.Length) return -1;
        Span<byte> last = stackalloc byte[4];
        buffer.Slice(buffer.Length - 4).CopyTo(last);
        if (!last.SequenceEqual(HeaderEnd)) return -1;
        var from = Math.Max(0, buffer.Length - MaxBlock);
        Span<byte> tail = stackalloc byte[(int)(buffer.Length - from)];
        buffer.Slice(from).CopyTo(tail);
        var start = tail.LastIndexOf(StatusLineStart);
        if (start < 0) return -1;
        var block = tail[start..];
        // One header block and nothing else: a body or a chunked trailer before the end means an ordinary answer.
        if (block[..^HeaderEnd.Length].IndexOf(HeaderEnd) >= 0) return -1;
        return IsBareErrorBlock(block) ? from + start : -1;
    }

    internal static bool IsBareErrorBlock(ReadOnlySpan<byte> block)
    {
        var text = Encoding.ASCII.GetString(block);
        var lines = text[..^4].Split("\r\n");
        if (lines[0].Length < 12 || !int.TryParse(lines[0].AsSpan(9, 3), out var status) || status < 400) return false;
        bool emptyBody = false, closes = false;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) return false;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Request-Id", StringComparison.OrdinalIgnoreCase)) return false;
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) return false;
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) emptyBody = value == "0";
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) closes = value.Equals("close", StringComparison.OrdinalIgnoreCase);
        }
        return emptyBody && closes;
    }

    /// <summary>Kestrel's header block with Stripe's error body for its status (and that error's status).</summary>
    internal static byte[] Rewrite(ReadOnlySequence<byte> block)
    {
        var text = Encoding.ASCII.GetString(block.ToArray());
        var lines = text[..^4].Split("\r\n");
        var error = HttpErrors.ForStatus(int.Parse(lines[0].AsSpan(9, 3)));
        var body = Encoding.UTF8.GetBytes(error.ToJson().ToJsonString(Wire.StripeJson.Options));
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(error.Status).Append(' ').Append(ReasonPhrase(error.Status)).Append("\r\n");
        foreach (var line in lines.Skip(1))
            if (!line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) head.Append(line).Append("\r\n");
        head.Append("Content-Type: application/json\r\n");
        head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        head.Append("Request-Id: ").Append(Ids.New(Ids.Request)).Append("\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
