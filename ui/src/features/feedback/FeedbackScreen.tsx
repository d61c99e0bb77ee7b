import { useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { MessageSquarePlus, Smile } from 'lucide-react';
import { useApp } from '../../app/state';
import { navigate } from '../../app/router';
import { useT } from '../../i18n/useT';
import { PageHeader } from '../../components/ui';
import { ItemsTab } from './ItemsTab';
import { RatingsTab } from './RatingsTab';
import { SurveysTab } from './SurveysTab';
import { ReportTab } from './ReportTab';
import { NewItemDialog } from './NewItemDialog';
import { openRatingWindow } from './RatingWindow';

export type FeedbackTab = 'items' | 'ratings' | 'surveys' | 'report';
export const FEEDBACK_TABS: readonly FeedbackTab[] = ['items', 'ratings', 'surveys', 'report'];

/**
 * The citizen's voice: the items taken down (complaints, suggestions, questions…) and their
 * deadlines, the ratings given at the end of visits, and for a supervisor the resident surveys
 * and the period's report. The tab is part of the address.
 */
export function FeedbackScreen({ tab: asked }: { tab: FeedbackTab }) {
  const t = useT();
  const { can } = useApp();
  const [filing, setFiling] = useState(false);
  const supervisor = can('supervise_feedback');
  // Ratings, surveys and the report are for supervisors: a desk and an hour name who served.
  const tab: FeedbackTab = asked !== 'items' && !supervisor ? 'items' : asked;

  return (
    <div className="feedback">
      <PageHeader
        title={t('feedback.title')}
        subtitle={t('feedback.subtitle')}
        actions={
          <>
            <Button className="button" onPress={openRatingWindow}>
              <Smile size={18} aria-hidden="true" />
              {t('feedback.open_rating')}
            </Button>
            <Button className="button button-primary" onPress={() => setFiling(true)}>
              <MessageSquarePlus size={18} aria-hidden="true" />
              {t('feedback.new')}
            </Button>
          </>
        }
      />
      <Tabs selectedKey={tab} onSelectionChange={(k) => navigate({ name: 'feedback', tab: k as FeedbackTab })} className="tabs">
        <TabList aria-label={t('feedback.title')} className="tablist">
          <Tab id="items" className="tab">{t('feedback.tab.items')}</Tab>
          {supervisor ? <Tab id="ratings" className="tab">{t('feedback.tab.ratings')}</Tab> : null}
          {supervisor ? <Tab id="surveys" className="tab">{t('feedback.tab.surveys')}</Tab> : null}
          {supervisor ? <Tab id="report" className="tab">{t('feedback.tab.report')}</Tab> : null}
        </TabList>
        <TabPanel id="items" className="tabpanel">
          <ItemsTab />
        </TabPanel>
        {supervisor ? (
          <TabPanel id="ratings" className="tabpanel">
            <RatingsTab />
          </TabPanel>
        ) : null}
        {supervisor ? (
          <TabPanel id="surveys" className="tabpanel">
            <SurveysTab />
          </TabPanel>
        ) : null}
        {supervisor ? (
          <TabPanel id="report" className="tabpanel">
            <ReportTab />
          </TabPanel>
        ) : null}
      </Tabs>
      {filing ? <NewItemDialog onClose={() => setFiling(false)} /> : null}
    </div>
  );
}
