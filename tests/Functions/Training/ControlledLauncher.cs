using Recommender.Functions.Training;

namespace Recommender.Tests.Functions.Training;

/// <summary>A launcher the test ends by hand, to hold a run "in progress" for as long as a test needs.</summary>
internal sealed class ControlledLauncher : ITrainingLauncher
{
    private readonly TaskCompletionSource<TrainingResult> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _starts;

    public string Name => "controlled";

    public int Starts => Volatile.Read(ref _starts);

    /// <summary>When set, every start throws with this message, as a launcher that cannot reach its job does.</summary>
    public string? FailToStart { get; init; }

    public Task<TrainingLaunch> StartAsync(string runId, CancellationToken runLifetime)
    {
        Interlocked.Increment(ref _starts);
        if (FailToStart is not null)
        {
            throw new InvalidOperationException(FailToStart);
        }

        return Task.FromResult(new TrainingLaunch("controlled-" + runId, _end.Task.WaitAsync(runLifetime)));
    }

    /// <summary>Ends every run this launcher started with <paramref name="result"/>.</summary>
    public void End(TrainingResult result) => _end.TrySetResult(result);
}
