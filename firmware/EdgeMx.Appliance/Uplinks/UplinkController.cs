using System.Collections.Immutable;
using System.Threading.Channels;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Core.Uplinks;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>
/// The uplink subsystem's brain and its only writer: link observations, probe rounds, timer ticks and reloads arrive
/// as messages and are handled one at a time (no locks, a strict order), feeding the pure <see cref="UplinkMonitor"/>s
/// and the <see cref="UplinkSelector"/>, then acting on their decisions: routes through <see cref="IUplinkRouter"/>,
/// the uplinks' slice of the appliance state, and events written for troubleshooting.
/// </summary>
public sealed partial class UplinkController : IDisposable
{
    /// <summary>After a routing error, how soon to try again.</summary>
    public static readonly TimeSpan RoutingRetry = TimeSpan.FromSeconds(5);

    private readonly Channel<Input> _inputs = Channel.CreateUnbounded<Input>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IUplinkRouter _router;
    private readonly IEventLog _events;
    private readonly IApplianceStateStore _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, LinkObservation> _links = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private List<UplinkRuntime> _uplinks = [];
    private UplinkSelector? _selector;
    private ApplianceConfig? _config;
    private ImmutableDictionary<string, ProbeBinding> _bindings = ImmutableDictionary<string, ProbeBinding>.Empty;
    private int _generation;
    private bool _linksKnown;
    private ControllerConfiguration _configuration = new(0, null, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    private long _failovers;
    private long _failbacks;
    private DateTimeOffset? _activeSince;

    public UplinkController(IUplinkRouter router, IEventLog events, IApplianceStateStore state, TimeProvider time, ILogger<UplinkController> logger)
    {
        _router = router;
        _events = events;
        _state = state;
        _time = time;
        _logger = logger;
        _timer = time.CreateTimer(_ => Post(new Tick()), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Bumped on every accepted configuration; probe rounds started under an older one are dropped.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Where each uplink's probes must leave from (only uplinks that can probe: link up and an address).</summary>
    public ProbeBinding? BindingFor(string uplink) => Volatile.Read(ref _bindings).GetValueOrDefault(uplink);

    /// <summary>The configuration the controller runs now, and a task that completes when it is replaced.</summary>
    public ControllerConfiguration Configuration => Volatile.Read(ref _configuration);

    /// <summary>The uplink carrying the default route.</summary>
    public string? Active => _selector?.Active;

    public void Configure(ApplianceConfig config) => Post(new Reconfigure(config));
    public void OnLink(LinkObservation observation) => Post(new LinkChanged(observation));
    public void OnRound(string uplink, int generation, IReadOnlyList<ProbeOutcome> outcomes) => Post(new RoundCompleted(uplink, generation, outcomes));

    /// <summary>Handles messages until cancelled; each one completely before the next.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _inputs.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await ProcessPendingAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Handles every queued message (the run loop's body; tests call it directly after each step).</summary>
    internal async Task ProcessPendingAsync(CancellationToken cancellationToken)
    {
        while (_inputs.Reader.TryRead(out var input))
        {
            try
            {
                await HandleAsync(input, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // A bug must not take the uplinks down with it: log, report, keep serving the next message.
                LogHandlerFailed(_logger, input.GetType().Name, e);
                _events.Append(new EventDraft(EventSeverity.Error, EventCategory.System, "system.internal-error",
                    $"The uplink controller failed while handling {input.GetType().Name}: {e.Message}")
                {
                    Check = "This is a bug in EdgeMx; the appliance keeps running. Please report it with the log lines around this time.",
                    Subject = "uplinks",
                });
            }
        }
    }

    /// <summary>Removes what EdgeMx installed: its routes and rules, and static addresses it added itself.</summary>
    public async Task<int> ShutdownAsync(CancellationToken cancellationToken)
    {
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var removed = await _router.RemoveAllAsync(cancellationToken).ConfigureAwait(false);
        foreach (var u in _uplinks)
        {
            if (u.AddedAddress is { } added)
            {
                await _router.RemoveAddressAsync(added.Index, added.Address, added.PrefixLength, cancellationToken).ConfigureAwait(false);
                u.AddedAddress = null;
                removed++;
            }
        }
        return removed;
    }

    public void Dispose() => _timer.Dispose();

    private void Post(Input input) => _inputs.Writer.TryWrite(input);

    private Task HandleAsync(Input input, CancellationToken cancellationToken) => input switch
    {
        Reconfigure r => ReconfigureAsync(r.Config, cancellationToken),
        LinkChanged l => OnLinkChangedAsync(l.Observation, cancellationToken),
        RoundCompleted r => OnRoundAsync(r, cancellationToken),
        Tick => DecideAsync(forceRouting: _routingFailed, cancellationToken),
        _ => Task.CompletedTask,
    };

    private abstract record Input;
    private sealed record Reconfigure(ApplianceConfig Config) : Input;
    private sealed record LinkChanged(LinkObservation Observation) : Input;
    private sealed record RoundCompleted(string Uplink, int Generation, IReadOnlyList<ProbeOutcome> Outcomes) : Input;
    private sealed record Tick : Input;
}
