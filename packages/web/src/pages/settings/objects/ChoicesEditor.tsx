import { DeleteOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons'
import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core'
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { Button, Form, type FormInstance, Input, Select, Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { tagColor } from '../../../platform/FieldValue/FieldValue.tsx'
import { CHOICE_COLORS, choiceRow, type FieldFormValues } from './fieldTypes.ts'

/**
 * The options of a select / multi-select field: value (what records store), labels in both languages,
 * colour; drag to reorder. Values that existed before cannot change (records hold them).
 */
export function ChoicesEditor({
  form,
  lockedValues,
}: {
  form: FormInstance<FieldFormValues>
  lockedValues: ReadonlySet<string>
}) {
  const { t } = useTranslation()
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )
  return (
    <Form.List
      name="choices"
      rules={[
        {
          validator: async (_, rows: unknown[] | undefined) => {
            if (!rows?.length) throw new Error(t('settings.objects.choicesRequired'))
          },
        },
      ]}
    >
      {(fields, { add, remove, move }, { errors }) => {
        const ids = fields.map((f) => String(f.key))
        const onDragEnd = ({ active, over }: DragEndEvent) => {
          if (!over || active.id === over.id) return
          move(ids.indexOf(String(active.id)), ids.indexOf(String(over.id)))
        }
        return (
          <div className="km-choices" data-testid="choices-editor">
            <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
              <SortableContext items={ids} strategy={verticalListSortingStrategy}>
                {fields.map((f, index) => {
                  const value = form.getFieldValue(['choices', f.name, 'value']) as string | undefined
                  const locked = !!value && lockedValues.has(value)
                  return (
                    <ChoiceRowItem key={f.key} id={String(f.key)} label={t('settings.objects.dragChoice')}>
                      <Form.Item
                        name={[f.name, 'label', 'zh-CN']}
                        className="km-choice-zh"
                        rules={[{ max: 200 }]}
                      >
                        <Input
                          placeholder={t('settings.objects.choiceLabelZh')}
                          aria-label={`${t('settings.objects.choiceLabelZh')} ${index + 1}`}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'label', 'en']}
                        className="km-choice-en"
                        rules={[{ max: 200 }]}
                      >
                        <Input
                          placeholder={t('settings.objects.choiceLabelEn')}
                          aria-label={`${t('settings.objects.choiceLabelEn')} ${index + 1}`}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'value']}
                        className="km-choice-value"
                        rules={[
                          {
                            required: true,
                            whitespace: true,
                            message: t('settings.objects.choiceValueRequired'),
                          },
                          { max: 100 },
                          ({ getFieldValue }) => ({
                            validator: async (_, v: string | undefined) => {
                              const all = (getFieldValue('choices') as { value?: string }[]).map((c) =>
                                c.value?.trim(),
                              )
                              if (v && all.filter((x) => x === v.trim()).length > 1)
                                throw new Error(t('settings.objects.choiceValueDuplicate'))
                            },
                          }),
                        ]}
                      >
                        <Input
                          className="km-mono"
                          disabled={locked}
                          title={locked ? t('settings.objects.choiceValueLocked') : undefined}
                          placeholder={t('settings.objects.choiceValue')}
                          aria-label={`${t('settings.objects.choiceValue')} ${index + 1}`}
                          spellCheck={false}
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'color']} className="km-choice-color">
                        <Select
                          aria-label={`${t('settings.objects.choiceColor')} ${index + 1}`}
                          popupMatchSelectWidth={false}
                          options={CHOICE_COLORS.map((c) => ({
                            value: c,
                            label: (
                              <Tag color={tagColor(c)} variant="filled">
                                {t(`settings.objects.colors.${c}`)}
                              </Tag>
                            ),
                          }))}
                        />
                      </Form.Item>
                      <Button
                        type="text"
                        className="km-choice-del"
                        icon={<DeleteOutlined />}
                        aria-label={`${t('settings.objects.removeChoice')} ${index + 1}`}
                        onClick={() => remove(f.name)}
                      />
                    </ChoiceRowItem>
                  )
                })}
              </SortableContext>
            </DndContext>
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add(choiceRow())}
              block
              className="km-choice-add"
            >
              {t('settings.objects.addChoice')}
            </Button>
          </div>
        )
      }}
    </Form.List>
  )
}

function ChoiceRowItem({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition } = useSortable({
    id,
  })
  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className="km-choice-row"
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="km-drag-handle"
        aria-label={label}
        {...attributes}
        {...listeners}
      >
        <HolderOutlined />
      </button>
      {children}
    </div>
  )
}
