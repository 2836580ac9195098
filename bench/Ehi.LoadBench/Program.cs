using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

// Load generator for bench/ehi-load.sh: keep-alive mTLS connections POSTing authorisation messages.
// Open loop (--rate N): messages are scheduled at fixed intervals and latency is measured from the
// intended send time, so a stall shows up in the tail instead of silently lowering the rate.
// Closed loop (--rate 0): each connection sends as fast as answers come back.
var options = Args.Parse(args);
using var client = X509Certificate2.CreateFromPemFile(options.Cert, options.Key);
var latencies = new List<double>[options.Connections];
long sent = 0, errors = 0, nextTxn = options.FirstTxn;
double interval = options.Rate > 0 ? (double)Stopwatch.Frequency * options.Connections / options.Rate : 0;

// Connect everything first: handshakes are not part of the message latency being measured.
var connections = await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async _ =>
{
    var tcp = new TcpClient { NoDelay = true };
    await tcp.ConnectAsync(options.Host, options.Port);
    var ssl = new SslStream(tcp.GetStream());
    await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
    {
        TargetHost = "localhost",
        RemoteCertificateValidationCallback = (_, _, _, _) => true, // the benchmark measures the server, the tests verify it
        ClientCertificateContext = SslStreamCertificateContext.Create(client, null, offline: true),
    });
    return ssl;
}));

var started = Stopwatch.GetTimestamp();
var recordFrom = started + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
var end = recordFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async c =>
{
    var mine = latencies[c] = new List<double>(1 << 16);
    await using var ssl = connections[c];
    var buffer = new byte[8192];
    long intended = started + (long)(interval * c / options.Connections);
    while (true)
    {
        long now = Stopwatch.GetTimestamp();
        if (interval > 0)
        {
            if (intended > now)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)(intended - now) / Stopwatch.Frequency));
            }
        }
        else
        {
            intended = now;
        }

        if (intended >= end)
        {
            break;
        }

        long txn = Interlocked.Increment(ref nextTxn);
        long token = options.Cards > 0 ? options.FirstCard + Skewed(options.Cards) : 107419774;
        byte[] body = Encoding.UTF8.GetBytes(Message(txn, token));
        byte[] head = Encoding.ASCII.GetBytes($"POST /ehi HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        await ssl.WriteAsync(head);
        await ssl.WriteAsync(body);
        if (!await ReadResponseAsync(ssl, buffer))
        {
            Interlocked.Increment(ref errors);
        }

        double ms = (double)(Stopwatch.GetTimestamp() - intended) * 1000 / Stopwatch.Frequency;
        if (intended < recordFrom)
        {
            intended += (long)interval;
            continue; // warm-up: JIT and caches on both sides
        }

        mine.Add(ms);
        Interlocked.Increment(ref sent);
        if (ms > 50 && Environment.GetEnvironmentVariable("LOADBENCH_DEBUG") is not null)
        {
            Console.Error.WriteLine($"slow {ms:0} ms at {(double)(intended - started) / Stopwatch.Frequency:0.000} s conn {c} txn {txn}");
        }

        intended += (long)interval;
    }
}));

double seconds = (double)(Stopwatch.GetTimestamp() - recordFrom) / Stopwatch.Frequency;
var all = latencies.SelectMany(l => l).Order().ToArray();
double P(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"sent\":{sent},\"errors\":{errors},\"seconds\":{seconds:0.00},\"throughput\":{sent / seconds:0},\"latencyMs\":{{\"p50\":{P(0.5):0.000},\"p90\":{P(0.9):0.000},\"p99\":{P(0.99):0.000},\"p999\":{P(0.999):0.000},\"max\":{(all.Length == 0 ? 0 : all[^1]):0.000}}}}}"));

// Skewed card activity: a few cards are busy, most are quiet (about 80% of traffic on 20% of cards).
static long Skewed(int cards) => (long)(cards * Math.Pow(Random.Shared.NextDouble(), 3.0));

static string Message(long txn, long token) =>
    $$"""{"MTID":"0100","Txn_Type":"A","Txn_Stat_Code":"A","TXn_ID":{{txn}},"Token":{{token}},"traceid_lifecycle":"VIS1-20250301-{{txn}}","Trans_link":"2503010{{txn}}","Proc_Code":"000000","auth_type":"0","Bill_Amt":-12.5000,"Bill_Ccy":"826","Txn_Amt":12.5000,"Txn_CCy":"826","Settle_Amt":12.5000,"Settle_Ccy":"826","Fee_Fixed":0.2500,"Fee_Rate":0.0000,"FX_Pad":0.0000,"MCC_Pad":0.0000,"MCC_Code":"5812","Merch_Name_DE43":"CAFE EXAMPLE LONDON GB","Auth_Code_DE38":"{{txn % 1000000:D6}}","Resp_Code_DE39":"00","Status_Code":"00","Authorised_by_GPS":"N","Balance_Sequence":114,"Balance_Sequence_Exthost":0,"GPS_POS_Capability":"10001001000000000000000100010010001000000001130C0","SendingAttemptCount":0,"Txn_GPS_Date":"2025-03-01 07:28:37.526","ProductID":99883,"SubBIN":44622180,"InstCode":"TEST"}""";

// Reads one HTTP/1.1 response with a Content-Length body; true for a 200 with Acknowledgement "1".
static async Task<bool> ReadResponseAsync(SslStream ssl, byte[] buffer)
{
    int filled = 0;
    while (true)
    {
        int n = await ssl.ReadAsync(buffer.AsMemory(filled));
        if (n == 0)
        {
            return false;
        }

        filled += n;
        string text = Encoding.ASCII.GetString(buffer, 0, filled);
        int headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            continue;
        }

        int lengthAt = text.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
        int length = int.Parse(text.AsSpan(lengthAt + 16, text.IndexOf('\r', lengthAt) - lengthAt - 16), CultureInfo.InvariantCulture);
        if (filled >= headerEnd + 4 + length)
        {
            return text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) && text.Contains("\"Acknowledgement\":\"1\"", StringComparison.Ordinal);
        }
    }
}

internal sealed record Args(string Host, int Port, string Cert, string Key, int Connections, double Rate, TimeSpan Duration, TimeSpan Warmup, long FirstTxn, int Cards, long FirstCard)
{
    public static Args Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new Args(
            Get("--host", "127.0.0.1"),
            int.Parse(Get("--port", "8443"), CultureInfo.InvariantCulture),
            Get("--cert", ".ehi/pki/client.pem"),
            Get("--key", ".ehi/pki/client.key"),
            int.Parse(Get("--connections", "16"), CultureInfo.InvariantCulture),
            double.Parse(Get("--rate", "0"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Get("--duration", "10"), CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(Get("--warmup", "2"), CultureInfo.InvariantCulture)),
            long.Parse(Get("--first-txn", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "000"), CultureInfo.InvariantCulture),
            int.Parse(Get("--cards", "0"), CultureInfo.InvariantCulture),
            long.Parse(Get("--first-card", "500000000"), CultureInfo.InvariantCulture));
    }
}
