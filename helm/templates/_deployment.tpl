{{/*
One role's Deployment: (dict "root" $ "role" "api"|"worker" "spec" .Values.<role>).
Both roles run the same image with `serve --role <role>`; they differ in replicas, resources and shutdown time.
*/}}
{{- define "firebreak.deployment" -}}
{{- $root := .root -}}
{{- $spec := .spec -}}
{{- $playbooks := include "firebreak.playbooksConfigMap" $root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "firebreak.fullname" $root }}-{{ .role }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "firebreak.roleLabels" . | nindent 4 }}
spec:
  {{- if not $spec.autoscaling.enabled }}
  replicas: {{ $spec.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "firebreak.roleSelectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        {{- include "firebreak.roleLabels" . | nindent 8 }}
      annotations:
        # Roll the pods when the settings or the secret references change.
        checksum/config: {{ toJson (dict "config" $root.Values.config "secrets" $root.Values.secrets "playbooks" $root.Values.playbooks) | sha256sum }}
        {{- with $spec.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "firebreak.serviceAccountName" $root }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $spec.terminationGracePeriodSeconds }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      containers:
        - name: firebreak
          image: {{ include "firebreak.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: ["serve", "--role", {{ .role | quote }}]
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: PORT
              value: "8080"
            {{- range $name, $ref := $root.Values.secrets }}
            - name: {{ $name }}_FILE
              value: {{ include "firebreak.secretsDir" $root }}/{{ $name }}
            {{- end }}
            {{- with $spec.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "firebreak.fullname" $root }}-env
          startupProbe:
            httpGet: { path: /healthz, port: http }
            {{- toYaml $root.Values.probes.startup | nindent 12 }}
          readinessProbe:
            httpGet: { path: /readyz, port: http }
            {{- toYaml $root.Values.probes.readiness | nindent 12 }}
          livenessProbe:
            httpGet: { path: /healthz, port: http }
            {{- toYaml $root.Values.probes.liveness | nindent 12 }}
          {{- if gt (int $spec.preStopSleepSeconds) 0 }}
          lifecycle:
            # Keep serving while the endpoint is removed from the Service, then SIGTERM starts the drain.
            preStop:
              {{- if semverCompare ">=1.30-0" $root.Capabilities.KubeVersion.Version }}
              sleep:
                seconds: {{ int $spec.preStopSleepSeconds }}
              {{- else }}
              exec:
                command: ["node", "-e", "setTimeout(() => {}, {{ mul (int $spec.preStopSleepSeconds) 1000 }})"]
              {{- end }}
          {{- end }}
          resources:
            {{- toYaml $spec.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if $root.Values.secrets }}
            - name: secrets
              mountPath: {{ include "firebreak.secretsDir" $root }}
              readOnly: true
            {{- end }}
            {{- if $playbooks }}
            - name: playbooks
              mountPath: /etc/firebreak/playbooks
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $root.Values.tmpSizeLimit }}
        {{- if $root.Values.secrets }}
        - name: secrets
          projected:
            defaultMode: 0440
            sources:
              {{- range $name, $ref := $root.Values.secrets }}
              - secret:
                  name: {{ $ref.secretName }}
                  items:
                    - key: {{ $ref.key }}
                      path: {{ $name }}
              {{- end }}
        {{- end }}
        {{- if $playbooks }}
        - name: playbooks
          configMap:
            name: {{ $playbooks }}
        {{- end }}
      {{- with $spec.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $spec.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $spec.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $spec.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}
