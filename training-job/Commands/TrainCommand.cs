using System.Globalization;
using System.Text.Json;
using Recommender.Core.Als;
using Recommender.Core.Artifacts;
using Recommender.TrainingJob.Training;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>train</c>: fits, evaluates, publishes a version and promotes it when it beats the live model.</summary>
internal static class TrainCommand
{
    public static async Task<int> RunAsync(CommandArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var settings = new TrainSettings
        {
            Ratings = args.RequiredString("ratings"),
            Items = args.String("items"),
            Als = AlsArguments.Read(args, new AlsOptions()),
            MinRating = (float)args.Double("min-rating", 4.0, 0, 1e6),
            Ks = ParseKs(args.String("k")),
            MinImprove = args.Double("min-improve", 0, -1, 1),
            Device = args.String("device") ?? "auto",
            MaxRejectRate = args.Double("max-reject-rate", 0.01, 0, 1),
            Split = args.String("split") ?? "leave-last-out",
            Loader = RatingsArguments.Read(args),
        };
        var destination = ModelStoreArguments.Open(args, Environment.GetEnvironmentVariable);
        args.ThrowOnUnknown();

        var run = new TrainingRun(settings, destination.Inputs, destination.Repository, stderr) { Feedback = destination.Feedback };
        TrainingOutcome outcome = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        stdout.WriteLine(JsonSerializer.Serialize(outcome, CommandJson.Default.TrainingOutcome));
        return 0;
    }

    private static int[] ParseKs(string? text)
    {
        if (text is null)
        {
            return [10];
        }

        var ks = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1 || k > 1000)
            {
                throw new UsageException($"--k takes integers 1-1000 separated by commas, not '{text}'.");
            }

            ks.Add(k);
        }

        return ks.Count > 0 ? ks.ToArray() : throw new UsageException("--k needs at least one value.");
    }
}
