using EdgeMx.Ike.Config;

namespace EdgeMx.Ike.Exchanges;

/// <summary>CREATE_CHILD_SA for an additional CHILD_SA (or a retry after a failed one) on an established IKE SA.</summary>
internal sealed class CreateChildExchange(IkeSa sa, ChildSaSettings child) : ChildSaCreationExchange(child)
{
    public override string Name => $"CREATE_CHILD_SA (new CHILD_SA {Child.Name})";

    protected override void OnCreated(IkeSa sa, ChildSa child)
    {
    }

    protected override void OnFailed(IkeSa sa) => sa.ScheduleChildRetry(Child);

    protected override ChildSaCreationExchange Clone() => new CreateChildExchange(sa, Child);

    public override Exchange? ForSuccessor(IkeSa successor)
    {
        Release(sa);
        return new CreateChildExchange(successor, Child);
    }
}
