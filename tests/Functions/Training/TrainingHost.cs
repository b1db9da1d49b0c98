using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Functions.Hosting;
using Recommender.Functions.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Training;

/// <summary>
/// The app host for training tests: training services open to replacement (launcher, training options, ARM endpoint),
/// and the run log and coordinator at hand.
/// </summary>
internal static class TrainingHost
{
    public static Task<FunctionAppHost> StartAsync(AzuriteFixture azurite, StorageLayoutOptions? layout = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        FunctionAppHost.StartAsync(azurite, layout, settings, configure);

    /// <summary>Replaces the app's training launcher with <paramref name="launcher"/>.</summary>
    public static Action<IServiceCollection> WithLauncher(ITrainingLauncher launcher) =>
        services => services.Replace(ServiceDescriptor.Singleton(launcher));

    extension(FunctionAppHost host)
    {
        public TrainingRunLog Runs => host.Services.GetRequiredService<TrainingRunLog>();

        public TrainingCoordinator Coordinator => host.Services.GetRequiredService<TrainingCoordinator>();

        /// <summary>Polls the run log until the run has left "running" (or the deadline passes) and returns it.</summary>
        public async Task<TrainingRun> WaitForEndAsync(string runId, TimeSpan timeout)
        {
            TrainingRun? run = null;
            TrainingRunLog runs = host.Services.GetRequiredService<TrainingRunLog>();
            bool ended = await FunctionAppHost.EventuallyAsync(async () =>
            {
                run = await runs.GetAsync(runId, CancellationToken.None);
                return run is not null && run.Status != TrainingRunStatus.Running;
            }, timeout);
            Assert.True(ended, $"Run {runId} did not end within {timeout}; last seen: {run}");
            return run!;
        }
    }
}
