using System.Diagnostics;
using Recommender.Faults;
using Recommender.Faults.Checks;

// The fault runner: starts the product on loopback (Azurite, two model versions, the app under the host stand-in),
// runs every check within its own bounds, and prints one table. Exit code 0 when every check held, 1 when one did
// not, 2 for bad arguments.
FaultOptions? options = FaultOptions.Parse(args, out string? error);
if (options is null)
{
    Console.Error.WriteLine($"faults: {error}");
    return 2;
}

var clock = Stopwatch.StartNew();
var table = new FigureTable();
Console.Error.WriteLine("faults: starting Azurite, publishing two model versions, starting the app");
await using (FaultStack stack = await FaultStack.StartAsync())
{
    (string Name, Func<Task> Run)[] checks =
    [
        ("fuzz", () => FuzzCheck.RunAsync(stack, options, table)),
        ("feedback burst", () => FeedbackBurstCheck.RunAsync(stack, options, table)),
        ("model swaps", () => SwapCheck.RunAsync(stack, options, table)),
        ("storage stopped", () => OutageCheck.RunAsync(stack, options, table, OutageCheck.Fault.Stopped)),
        ("storage frozen", () => OutageCheck.RunAsync(stack, options, table, OutageCheck.Fault.Frozen)),
        ("concurrent trainers", () => ConcurrentTrainersCheck.RunAsync(stack, options, table)),
    ];
    foreach (var (name, run) in checks)
    {
        Console.Error.WriteLine($"faults: {name} ({clock.Elapsed.TotalSeconds:0} s)");
        await run();
    }
}

table.Print(Console.Out);
Console.Out.WriteLine($"\nAll checks took {clock.Elapsed.TotalMinutes:0.0} min (including start-up and training).");
return table.AllHeld ? 0 : 1;
