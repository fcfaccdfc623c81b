package com.rayo.component;

class NativeTransportContractTest extends ComponentTransportContract {
    @Override ComponentTransport transport() { return new NativeComponentTransport(); }
}
