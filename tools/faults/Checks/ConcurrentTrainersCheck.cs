using Recommender.Tests.TestSupport;

namespace Recommender.Faults.Checks;

/// <summary>Two training jobs at once on the same store, a fresh models container per round: exactly one promotes.</summary>
internal static class ConcurrentTrainersCheck
{
    public static async Task RunAsync(FaultStack stack, FaultOptions options, FigureTable table)
    {
        var promotions = new List<int>();
        int failedRuns = 0;
        for (int round = 0; round < options.TrainerRounds; round++)
        {
            IReadOnlyList<TrainerRace.Outcome> outcomes = await TrainerRace.RunAsync(stack.Storage.ConnectionString, "race" + Guid.NewGuid().ToString("N")[..12]);
            failedRuns += outcomes.Count(o => o.ExitCode != 0);
            promotions.Add(outcomes.Count(o => o.Promoted));
        }

        int exactlyOne = promotions.Count(p => p == 1);
        table.Add(
            "Two trainers at once",
            $"{options.TrainerRounds} rounds: exactly one promotion in {exactlyOne} of {options.TrainerRounds} (promotions per round: {string.Join(", ", promotions)}); failed runs {failedRuns}",
            exactlyOne == options.TrainerRounds && failedRuns == 0);
    }
}
