using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Recommender.Tests.TestSupport;

namespace Recommender.Faults.Checks;

/// <summary>
/// Model swaps under load: wrk (or, where it is not installed, the .NET load loop) drives recommendations while the two
/// versions are activated in turn through the admin route; every swap must be seen served and no request may fail.
/// </summary>
internal static partial class SwapCheck
{
    private const string Wrk = "/usr/bin/wrk";
    private const int Connections = 32;

    public static async Task RunAsync(FaultStack stack, FaultOptions options, FigureTable table)
    {
        string path = $"/api/recommendations/{Uri.EscapeDataString(stack.KnownUser)}?k=10";
        bool useWrk = File.Exists(Wrk);
        Process? wrk = useWrk ? StartWrk(new Uri(stack.Client.BaseAddress!, path), options.SwapSeconds) : null;
        HttpLoadLoop? loop = useWrk ? null : HttpLoadLoop.Start(stack.Client.BaseAddress!, path, Connections);
        Task<string>? wrkOutput = wrk?.StandardOutput.ReadToEndAsync();

        var clock = Stopwatch.StartNew();
        TimeSpan spacing = TimeSpan.FromSeconds((double)options.SwapSeconds / (options.Swaps + 1));
        int seen = 0;
        int refused = 0;
        string? served = await stack.ServedVersionAsync();
        for (int swap = 1; swap <= options.Swaps; swap++)
        {
            TimeSpan due = spacing * swap - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            string target = served == stack.V2 ? stack.V1 : stack.V2;
            using HttpResponseMessage activate = await stack.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Post, $"/api/models/{target}/activate"));
            if (activate.StatusCode != HttpStatusCode.OK)
            {
                refused++;
                continue;
            }

            if (await Poll.UntilAsync(async () => await stack.ServedVersionAsync() == target, TimeSpan.FromSeconds(15)))
            {
                seen++;
            }

            served = target;
        }

        long requests;
        long failed;
        string errors;
        if (wrk is not null)
        {
            string text = await wrkOutput!;
            await wrk.WaitForExitAsync();
            wrk.Dispose();
            requests = Number(RequestsLine().Match(text));
            long non2xx = Number(Non2xxLine().Match(text));
            Match socket = SocketErrorsLine().Match(text);
            long socketErrors = socket.Success ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
            failed = non2xx + socketErrors;
            errors = $"wrk -c{Connections} {options.SwapSeconds} s: {requests:N0} requests, {non2xx} not 2xx, {socketErrors} socket errors";
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, options.SwapSeconds - clock.Elapsed.TotalSeconds)));
            HttpLoadLoop.Figures figures = await loop!.StopAsync();
            await loop.DisposeAsync();
            requests = figures.Requests;
            failed = figures.Non2xx;
            errors = $".NET load loop ({Connections} connections; wrk not installed) {figures.Elapsed.TotalSeconds:0} s: {requests:N0} requests, {failed} not 2xx";
        }

        table.Add(
            "Model swaps under load",
            $"{options.Swaps} swaps, {seen} seen served, {refused} refused; {errors}",
            seen == options.Swaps && failed == 0 && requests > 0);
    }

    private static Process StartWrk(Uri url, int seconds)
    {
        var info = new ProcessStartInfo(Wrk) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in new[] { "-t2", $"-c{Connections}", $"-d{seconds}s", "--timeout", "10s", url.ToString() })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("wrk did not start.");
    }

    private static long Number(Match match) => match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
